"""Correct: how many candidates write it first, loops over every row and pair with math."""

import math

import numpy as np


def rope(x, pos, base=10000.0):
    d = x.shape[-1]
    half = d // 2
    out = np.zeros(x.shape)
    for idx in np.ndindex(*x.shape[:-1]):  # every leading index and row t = idx[-1]
        p = pos[idx[-1]]
        for i in range(half):
            theta = 1.0 / math.pow(base, 2 * i / d)
            c, s = math.cos(p * theta), math.sin(p * theta)
            a, b = x[idx + (i,)], x[idx + (i + half,)]
            out[idx + (i,)] = a * c - b * s
            out[idx + (i + half,)] = a * s + b * c
    return out


def rope_backward(dout, pos, base=10000.0):
    # the transpose of a rotation is the rotation the other way
    return rope(dout, [-p for p in pos], base)
