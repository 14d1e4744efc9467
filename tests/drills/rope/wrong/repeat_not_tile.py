"""Mistake: mixes GPT-J's repeat_interleave of the angles with NeoX's rotate_half:
np.repeat gives a0 a0 a1 a1 where the halves need a0 a1 a0 a1.

verdict: wrong_answer
diagnosis: angles repeated instead of tiled
"""

import numpy as np


def rotate_half(x):
    half = x.shape[-1] // 2
    return np.concatenate([-x[..., half:], x[..., :half]], axis=-1)


def rope(x, pos, base=10000.0):
    d = x.shape[-1]
    theta = base ** (-2.0 * np.arange(d // 2) / d)
    angle = np.repeat(np.outer(pos, theta), 2, axis=-1)  # (T, d)
    return x * np.cos(angle) + rotate_half(x) * np.sin(angle)


def rope_backward(dout, pos, base=10000.0):
    return rope(dout, -np.asarray(pos), base)
