"""Mistake: puts the minus on the second half's sin term: every pair turns by -a.
(The backward is then the correct rotation... of the wrong forward.)

verdict: wrong_answer
diagnosis: rotated the wrong way (sin signs swapped)
"""

import numpy as np


def rope(x, pos, base=10000.0):
    d = x.shape[-1]
    half = d // 2
    theta = base ** (-2.0 * np.arange(half) / d)
    angle = np.asarray(pos)[:, None] * theta
    cos, sin = np.cos(angle), np.sin(angle)
    x1, x2 = x[..., :half], x[..., half:]
    return np.concatenate([x1 * cos + x2 * sin, x2 * cos - x1 * sin], axis=-1)


def rope_backward(dout, pos, base=10000.0):
    return rope(dout, -np.asarray(pos), base)
