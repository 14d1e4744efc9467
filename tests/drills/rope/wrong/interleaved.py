"""Mistake: pairs neighbours (2i, 2i + 1), as the RoFormer paper and GPT-J do, where
the contract pairs dimension i with i + d/2.

verdict: wrong_answer
diagnosis: neighbours paired instead of the two halves
"""

import numpy as np


def rope(x, pos, base=10000.0):
    d = x.shape[-1]
    theta = base ** (-2.0 * np.arange(d // 2) / d)
    angle = np.asarray(pos)[:, None] * theta
    cos, sin = np.cos(angle), np.sin(angle)
    even, odd = x[..., 0::2], x[..., 1::2]
    out = np.empty_like(x)
    out[..., 0::2] = even * cos - odd * sin
    out[..., 1::2] = even * sin + odd * cos
    return out


def rope_backward(dout, pos, base=10000.0):
    return rope(dout, -np.asarray(pos), base)
