"""Mistake: floor division in the ramp and in the cosine's progress.

verdict: wrong_answer
diagnosis: integer division (//)
"""

import math


def warmup_cosine_lr(t, total_steps, warmup_steps, lr_max, lr_min=0.0):
    if t >= total_steps:
        return lr_min
    if t < warmup_steps:
        return lr_max * ((t + 1) // warmup_steps)
    p = (t - warmup_steps) // (total_steps - warmup_steps - 1)
    return lr_min + 0.5 * (lr_max - lr_min) * (1 + math.cos(math.pi * p))
