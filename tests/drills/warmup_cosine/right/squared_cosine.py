"""Correct: (1 + cos(pi p)) / 2 = cos(pi p / 2) ** 2, and the ramp as a linear
interpolation from 0 at step -1 to lr_max at step K - 1."""

import math

import numpy as np


def warmup_cosine_lr(t, total_steps, warmup_steps, lr_max, lr_min=0.0):
    if t >= total_steps:
        return lr_min
    if t < warmup_steps:
        return float(np.interp(t, [-1, warmup_steps - 1], [0.0, lr_max]))
    p = (t - warmup_steps) / (total_steps - warmup_steps - 1)
    return lr_min + (lr_max - lr_min) * math.cos(math.pi * p / 2) ** 2
