"""Mistake: scales by cos(pi p) instead of (1 + cos(pi p)) / 2, so the rate goes negative.

verdict: wrong_answer
diagnosis: cos(pi p) without (1 + cos) / 2
"""

import math


def warmup_cosine_lr(t, total_steps, warmup_steps, lr_max, lr_min=0.0):
    if t >= total_steps:
        return lr_min
    if t < warmup_steps:
        return lr_max * (t + 1) / warmup_steps
    p = (t - warmup_steps) / (total_steps - warmup_steps - 1)
    return lr_min + (lr_max - lr_min) * math.cos(math.pi * p)
