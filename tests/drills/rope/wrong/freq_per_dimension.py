"""Mistake: computes a frequency for each of the d dimensions, base^(-j/d) for
j = 0 .. d - 1, so the two members of a pair turn by different angles.

verdict: wrong_answer
diagnosis: one frequency per dimension instead of per pair
"""

import numpy as np


def rotate_half(x):
    half = x.shape[-1] // 2
    return np.concatenate([-x[..., half:], x[..., :half]], axis=-1)


def rope(x, pos, base=10000.0):
    d = x.shape[-1]
    inv_freq = 1.0 / base ** (np.arange(d) / d)
    angle = np.outer(pos, inv_freq)  # (T, d)
    return x * np.cos(angle) + rotate_half(x) * np.sin(angle)


def rope_backward(dout, pos, base=10000.0):
    return rope(dout, -np.asarray(pos), base)
