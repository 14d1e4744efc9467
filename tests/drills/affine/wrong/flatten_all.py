"""Mistake: x.flatten() turns the whole batch into one vector.

verdict: wrong_shape
diagnosis: whole input flattened
"""

import numpy as np


def affine_forward(x, w, b):
    out = x.flatten() @ w + b
    return out, (x, w)


def affine_backward(dout, cache):
    x, w = cache
    x2 = x.reshape(x.shape[0], -1)
    dx = (dout @ w.T).reshape(x.shape)
    dw = x2.T @ dout
    db = np.sum(dout, axis=0)
    return dx, dw, db
