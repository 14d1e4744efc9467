"""Mistake: flattens by assigning x.shape, which reshapes the caller's array.

verdict: wrong_answer
"""

import numpy as np


def affine_forward(x, w, b):
    x_shape = x.shape
    x.shape = (x.shape[0], -1)
    out = x @ w + b
    return out, (x, x_shape, w)


def affine_backward(dout, cache):
    x, x_shape, w = cache
    dx = (dout @ w.T).reshape(x_shape)
    dw = x.T @ dout
    db = np.sum(dout, axis=0)
    return dx, dw, db
