"""Correct: numpy throughout, the progress clipped to [0, 1] once the run is known to
be inside its cosine, and the cosine written as lr_max minus the distance come down."""

import numpy as np


def warmup_cosine_lr(t, total_steps, warmup_steps, lr_max, lr_min=0.0):
    if t >= total_steps:
        return float(lr_min)
    if t < warmup_steps:
        return float(lr_max) * (t + 1) / warmup_steps
    p = np.clip((t - warmup_steps) / (total_steps - warmup_steps - 1), 0.0, 1.0)
    return lr_max - (lr_max - lr_min) * (1.0 - np.cos(np.pi * p)) / 2.0
