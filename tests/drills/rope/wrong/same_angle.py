"""Mistake: turns every pair by the position itself, one angle for the whole row.

verdict: wrong_answer
diagnosis: every pair rotated by the same angle
"""

import numpy as np


def rope(x, pos, base=10000.0):
    half = x.shape[-1] // 2
    angle = np.asarray(pos, dtype=float)[:, None]  # (T, 1): the same for every pair
    cos, sin = np.cos(angle), np.sin(angle)
    x1, x2 = x[..., :half], x[..., half:]
    return np.concatenate([x1 * cos - x2 * sin, x1 * sin + x2 * cos], axis=-1)


def rope_backward(dout, pos, base=10000.0):
    return rope(dout, -np.asarray(pos), base)
