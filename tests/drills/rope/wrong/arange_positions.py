"""Mistake: numbers the rows 0 .. T-1 instead of using the positions given.

verdict: wrong_answer
diagnosis: row index used instead of pos
"""

import numpy as np


def rope(x, pos, base=10000.0):
    T, d = x.shape[-2], x.shape[-1]
    half = d // 2
    theta = base ** (-2.0 * np.arange(half) / d)
    angle = np.arange(T)[:, None] * theta
    cos, sin = np.cos(angle), np.sin(angle)
    x1, x2 = x[..., :half], x[..., half:]
    return np.concatenate([x1 * cos - x2 * sin, x1 * sin + x2 * cos], axis=-1)


def rope_backward(dout, pos, base=10000.0):
    T, d = dout.shape[-2], dout.shape[-1]
    half = d // 2
    theta = base ** (-2.0 * np.arange(half) / d)
    angle = -np.arange(T)[:, None] * theta
    cos, sin = np.cos(angle), np.sin(angle)
    x1, x2 = dout[..., :half], dout[..., half:]
    return np.concatenate([x1 * cos - x2 * sin, x1 * sin + x2 * cos], axis=-1)
