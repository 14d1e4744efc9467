"""Mistake: hard-codes 10000 in the frequencies, whatever base is passed.

verdict: wrong_answer
diagnosis: base argument ignored
"""

import numpy as np


def rope(x, pos, base=10000.0):
    d = x.shape[-1]
    half = d // 2
    theta = 10000.0 ** (-2.0 * np.arange(half) / d)
    angle = np.asarray(pos)[:, None] * theta
    cos, sin = np.cos(angle), np.sin(angle)
    x1, x2 = x[..., :half], x[..., half:]
    return np.concatenate([x1 * cos - x2 * sin, x1 * sin + x2 * cos], axis=-1)


def rope_backward(dout, pos, base=10000.0):
    return rope(dout, -np.asarray(pos), base)
