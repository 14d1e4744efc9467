"""Mistake: returns dx in the flattened (N, D) shape.

verdict: wrong_shape
diagnosis: dx not reshaped to x's shape
"""

import numpy as np


def affine_forward(x, w, b):
    x2 = x.reshape(x.shape[0], -1)
    out = x2 @ w + b
    return out, (x, w)


def affine_backward(dout, cache):
    x, w = cache
    x2 = x.reshape(x.shape[0], -1)
    dx = dout @ w.T
    dw = x2.T @ dout
    db = np.sum(dout, axis=0)
    return dx, dw, db
