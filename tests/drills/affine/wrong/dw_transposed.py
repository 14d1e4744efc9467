"""Mistake: dw = dout.T @ x2, the transpose of the weight gradient.

verdict: wrong_shape
diagnosis: dw transposed
"""

import numpy as np


def affine_forward(x, w, b):
    x2 = x.reshape(x.shape[0], -1)
    out = x2 @ w + b
    return out, (x, w)


def affine_backward(dout, cache):
    x, w = cache
    x2 = x.reshape(x.shape[0], -1)
    dx = (dout @ w.T).reshape(x.shape)
    dw = dout.T @ x2
    db = np.sum(dout, axis=0)
    return dx, dw, db
