"""Correct: the whole schedule built once per (T, K, lr_max, lr_min) as an array, the
ramp with np.arange and the cosine over np.linspace angles from 0 to pi, then looked
up by step (cached, so later steps of the same schedule cost nothing)."""

from functools import lru_cache

import numpy as np


@lru_cache(maxsize=8)
def _table(total_steps, warmup_steps, lr_max, lr_min):
    ramp = lr_max * np.arange(1, warmup_steps + 1) / max(warmup_steps, 1)
    angles = np.linspace(0.0, np.pi, total_steps - warmup_steps)
    cosine = lr_min + (lr_max - lr_min) * (1.0 + np.cos(angles)) / 2.0
    return np.concatenate([ramp, cosine])


def warmup_cosine_lr(t, total_steps, warmup_steps, lr_max, lr_min=0.0):
    if t >= total_steps:
        return float(lr_min)
    return float(_table(total_steps, warmup_steps, lr_max, lr_min)[t])
