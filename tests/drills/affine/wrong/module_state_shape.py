"""Mistake: the cache holds x flattened and w, but x's original shape is kept in a
module-level variable for reshaping dx. Right whenever both forwards had inputs
of the same shape; after a forward on another shape, the first backward reshapes
dx to the wrong shape (the suite reports the failed reshape).

verdict: runtime_error
diagnosis: state kept outside the cache
"""

import numpy as np

_x_shape = None


def affine_forward(x, w, b):
    global _x_shape
    _x_shape = x.shape
    x2 = x.reshape(x.shape[0], -1)
    return x2 @ w + b, (x2, w)


def affine_backward(dout, cache):
    x2, w = cache
    dx = (dout @ w.T).reshape(_x_shape)
    dw = x2.T @ dout
    db = np.sum(dout, axis=0)
    return dx, dw, db
