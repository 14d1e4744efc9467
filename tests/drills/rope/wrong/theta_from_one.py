"""Mistake: counts the pairs from 1, i = 1 .. d/2, with theta_i = base^(-2i/d) (the
paper writes -2(i - 1)/d for that count), so theta starts below 1.

verdict: wrong_answer
diagnosis: frequencies indexed from 1
"""

import numpy as np


def rope(x, pos, base=10000.0):
    d = x.shape[-1]
    half = d // 2
    i = np.arange(1, half + 1)
    theta = base ** (-2.0 * i / d)
    angle = np.asarray(pos)[:, None] * theta
    cos, sin = np.cos(angle), np.sin(angle)
    x1, x2 = x[..., :half], x[..., half:]
    return np.concatenate([x1 * cos - x2 * sin, x1 * sin + x2 * cos], axis=-1)


def rope_backward(dout, pos, base=10000.0):
    return rope(dout, -np.asarray(pos), base)
