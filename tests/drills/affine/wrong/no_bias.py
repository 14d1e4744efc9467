"""Mistake: forgets to add the bias in the forward pass.

verdict: wrong_answer
diagnosis: bias left out
"""

import numpy as np


def affine_forward(x, w, b):
    x2 = x.reshape(x.shape[0], -1)
    out = x2 @ w
    return out, (x, w)


def affine_backward(dout, cache):
    x, w = cache
    x2 = x.reshape(x.shape[0], -1)
    dx = (dout @ w.T).reshape(x.shape)
    dw = x2.T @ dout
    db = np.sum(dout, axis=0)
    return dx, dw, db
