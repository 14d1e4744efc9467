"""Mistake: clamps the progress with min(p, 1) instead of testing t >= total_steps. Right
whenever a cosine follows the warm-up, but with warmup_steps = total_steps the
denominator is -1 and the rate past the end swings back up to lr_max.

verdict: wrong_answer
diagnosis: no clamp after total_steps
"""

import math


def warmup_cosine_lr(t, total_steps, warmup_steps, lr_max, lr_min=0.0):
    if t < warmup_steps:
        return lr_max * (t + 1) / warmup_steps
    p = min(1.0, (t - warmup_steps) / (total_steps - warmup_steps - 1))
    return lr_min + 0.5 * (lr_max - lr_min) * (1 + math.cos(math.pi * p))
