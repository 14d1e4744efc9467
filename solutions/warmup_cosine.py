"""Reference: linear warm-up, then half a cosine down to a floor (steps t from 0).

With T = total_steps, K = warmup_steps (0 <= K <= T, T - K = 0 or >= 2):
    t < K:        lr = lr_max (t + 1) / K                       (step 0 trains at lr_max / K)
    K <= t < T:   p = (t - K) / (T - K - 1)                      (0 at step K, 1 at step T - 1)
                  lr = lr_min + (lr_max - lr_min) (1 + cos(pi p)) / 2
    t >= T:       lr = lr_min                                   (no climb back up)
"""

import math


def warmup_cosine_lr(t, total_steps, warmup_steps, lr_max, lr_min=0.0):
    if t >= total_steps:
        return float(lr_min)
    if t < warmup_steps:
        return lr_max * (t + 1) / warmup_steps
    p = (t - warmup_steps) / (total_steps - warmup_steps - 1)
    return lr_min + 0.5 * (lr_max - lr_min) * (1.0 + math.cos(math.pi * p))
