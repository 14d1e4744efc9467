"""Mistake: "a rotation keeps lengths, so the gradient passes through": dx = dout.

verdict: wrong_answer
diagnosis: backward returns dout unchanged
"""

import numpy as np


def rope(x, pos, base=10000.0):
    d = x.shape[-1]
    half = d // 2
    theta = base ** (-2.0 * np.arange(half) / d)
    angle = np.asarray(pos)[:, None] * theta
    cos, sin = np.cos(angle), np.sin(angle)
    x1, x2 = x[..., :half], x[..., half:]
    return np.concatenate([x1 * cos - x2 * sin, x1 * sin + x2 * cos], axis=-1)


def rope_backward(dout, pos, base=10000.0):
    return dout.copy()
