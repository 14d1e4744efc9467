"""Mistake: flattens with x.reshape(D, -1).T, mixing values of different examples.

verdict: wrong_answer
diagnosis: flattened across the batch
"""

import numpy as np


def affine_forward(x, w, b):
    D = w.shape[0]
    x2 = x.reshape(D, -1).T
    out = x2 @ w + b
    return out, (x, x2, w)


def affine_backward(dout, cache):
    x, x2, w = cache
    dx = (dout @ w.T).T.reshape(x.shape)
    dw = x2.T @ dout
    db = np.sum(dout, axis=0)
    return dx, dw, db
