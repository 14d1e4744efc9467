"""Mistake: averages the bias gradient over the batch instead of summing.

verdict: wrong_answer
diagnosis: db averaged over the batch
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
    dw = x2.T @ dout
    db = np.mean(dout, axis=0)
    return dx, dw, db
