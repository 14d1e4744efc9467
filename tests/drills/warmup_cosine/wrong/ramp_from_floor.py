"""Mistake: the warm-up ramps from lr_min to lr_max instead of from 0.

verdict: wrong_answer
diagnosis: warm-up ramps from lr_min
"""

import math


def warmup_cosine_lr(t, total_steps, warmup_steps, lr_max, lr_min=0.0):
    if t >= total_steps:
        return lr_min
    if t < warmup_steps:
        return lr_min + (lr_max - lr_min) * (t + 1) / warmup_steps
    p = (t - warmup_steps) / (total_steps - warmup_steps - 1)
    return lr_min + 0.5 * (lr_max - lr_min) * (1 + math.cos(math.pi * p))
