"""Mistake: the cosine's progress divides by T - K, so the last step stays above lr_min.

verdict: wrong_answer
diagnosis: cosine over T - K steps (never reaches lr_min)
"""

import math


def warmup_cosine_lr(t, total_steps, warmup_steps, lr_max, lr_min=0.0):
    if t >= total_steps:
        return lr_min
    if t < warmup_steps:
        return lr_max * (t + 1) / warmup_steps
    p = (t - warmup_steps) / (total_steps - warmup_steps)
    return lr_min + 0.5 * (lr_max - lr_min) * (1 + math.cos(math.pi * p))
