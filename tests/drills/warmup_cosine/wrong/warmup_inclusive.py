"""Mistake: the warm-up test is t <= warmup_steps, so step K overshoots the peak.

verdict: wrong_answer
diagnosis: warm-up runs one step too long (t <= K)
"""

import math


def warmup_cosine_lr(t, total_steps, warmup_steps, lr_max, lr_min=0.0):
    if t >= total_steps:
        return lr_min
    if t <= warmup_steps and warmup_steps > 0:
        return lr_max * (t + 1) / warmup_steps
    p = (t - warmup_steps) / (total_steps - warmup_steps - 1)
    return lr_min + 0.5 * (lr_max - lr_min) * (1 + math.cos(math.pi * p))
