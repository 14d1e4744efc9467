"""Mistake: writes the rotated halves back into x (in place) and returns it.

verdict: wrong_answer
"""

import numpy as np


def rope(x, pos, base=10000.0):
    d = x.shape[-1]
    half = d // 2
    theta = base ** (-2.0 * np.arange(half) / d)
    angle = np.asarray(pos)[:, None] * theta
    cos, sin = np.cos(angle), np.sin(angle)
    x1, x2 = x[..., :half].copy(), x[..., half:].copy()
    x[..., :half] = x1 * cos - x2 * sin
    x[..., half:] = x1 * sin + x2 * cos
    return x


def rope_backward(dout, pos, base=10000.0):
    return rope(dout, -np.asarray(pos), base)
