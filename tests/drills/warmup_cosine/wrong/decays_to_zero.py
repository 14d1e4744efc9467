"""Mistake: the cosine scales lr_max alone and decays to 0, ignoring the floor lr_min.

verdict: wrong_answer
diagnosis: cosine decays to 0 instead of lr_min
"""

import math


def warmup_cosine_lr(t, total_steps, warmup_steps, lr_max, lr_min=0.0):
    if t >= total_steps:
        return lr_min
    if t < warmup_steps:
        return lr_max * (t + 1) / warmup_steps
    p = (t - warmup_steps) / (total_steps - warmup_steps - 1)
    return 0.5 * lr_max * (1 + math.cos(math.pi * p))
