"""Mistake: half a turn written as 180 (degrees), but math.cos takes radians.

verdict: wrong_answer
diagnosis: cosine of an angle in degrees
"""

import math


def warmup_cosine_lr(t, total_steps, warmup_steps, lr_max, lr_min=0.0):
    if t >= total_steps:
        return lr_min
    if t < warmup_steps:
        return lr_max * (t + 1) / warmup_steps
    p = (t - warmup_steps) / (total_steps - warmup_steps - 1)
    return lr_min + 0.5 * (lr_max - lr_min) * (1 + math.cos(180 * p))
