"""Mistake: adds the sinusoidal encoding sin/cos of the angles to x, the original
transformer's absolute encoding, instead of rotating.

verdict: wrong_answer
diagnosis: sinusoids added instead of rotating
"""

import numpy as np


def rope(x, pos, base=10000.0):
    d = x.shape[-1]
    theta = base ** (-2.0 * np.arange(d // 2) / d)
    angle = np.asarray(pos)[:, None] * theta
    return x + np.concatenate([np.sin(angle), np.cos(angle)], axis=-1)


def rope_backward(dout, pos, base=10000.0):
    return dout.copy()
