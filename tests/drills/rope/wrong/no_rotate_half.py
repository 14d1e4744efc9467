"""Mistake: remembers q * cos + rotate_half(q) * sin but multiplies sin by x itself.

verdict: wrong_answer
diagnosis: rotate half left out
"""

import numpy as np


def rope(x, pos, base=10000.0):
    d = x.shape[-1]
    theta = base ** (-2.0 * np.arange(d // 2) / d)
    angle = np.outer(pos, theta)
    emb = np.concatenate([angle, angle], axis=-1)
    return x * np.cos(emb) + x * np.sin(emb)


def rope_backward(dout, pos, base=10000.0):
    return rope(dout, -np.asarray(pos), base)
