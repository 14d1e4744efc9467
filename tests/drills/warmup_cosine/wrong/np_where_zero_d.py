"""Mistake: picks the branch with np.where on Python numbers, which returns a 0-d array.

verdict: wrong_shape
diagnosis: 0-d array returned
"""

import numpy as np


def warmup_cosine_lr(t, total_steps, warmup_steps, lr_max, lr_min=0.0):
    ramp = lr_max * (t + 1) / max(warmup_steps, 1)
    p = np.clip((t - warmup_steps) / max(total_steps - warmup_steps - 1, 1), 0.0, 1.0)
    cosine = lr_min + 0.5 * (lr_max - lr_min) * (1 + np.cos(np.pi * p))
    return np.where(t < warmup_steps, ramp, np.where(t >= total_steps, lr_min, cosine))
