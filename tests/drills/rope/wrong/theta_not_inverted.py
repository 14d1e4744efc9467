"""Mistake: inv_freq = base ** (arange(0, d, 2) / d), without the 1 / (or the minus).

verdict: wrong_answer
diagnosis: theta not inverted
"""

import numpy as np


def rope(x, pos, base=10000.0):
    d = x.shape[-1]
    half = d // 2
    inv_freq = base ** (np.arange(0, d, 2) / d)
    angle = np.outer(pos, inv_freq)
    cos, sin = np.cos(angle), np.sin(angle)
    x1, x2 = x[..., :half], x[..., half:]
    return np.concatenate([x1 * cos - x2 * sin, x1 * sin + x2 * cos], axis=-1)


def rope_backward(dout, pos, base=10000.0):
    return rope(dout, -np.asarray(pos), base)
