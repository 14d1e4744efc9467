"""Mistake: computes the ramp before choosing the branch, which divides by zero when
warmup_steps = 0.

verdict: runtime_error
"""

import math


def warmup_cosine_lr(t, total_steps, warmup_steps, lr_max, lr_min=0.0):
    ramp = lr_max * (t + 1) / warmup_steps
    if t >= total_steps:
        return lr_min
    if t < warmup_steps:
        return ramp
    p = (t - warmup_steps) / (total_steps - warmup_steps - 1)
    return lr_min + 0.5 * (lr_max - lr_min) * (1 + math.cos(math.pi * p))
