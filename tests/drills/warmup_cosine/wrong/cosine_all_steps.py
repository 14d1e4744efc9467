"""Mistake: runs the cosine over all T steps, p = t / (T - 1), ignoring the warm-up.

verdict: wrong_answer
diagnosis: cosine over all T steps, ignoring the warm-up
"""

import math


def warmup_cosine_lr(t, total_steps, warmup_steps, lr_max, lr_min=0.0):
    if t >= total_steps:
        return lr_min
    if t < warmup_steps:
        return lr_max * (t + 1) / warmup_steps
    p = t / (total_steps - 1)
    return lr_min + 0.5 * (lr_max - lr_min) * (1 + math.cos(math.pi * p))
