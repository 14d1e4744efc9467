"""Mistake: flattens each example in column-major (Fortran) order.

verdict: wrong_answer
diagnosis: features flattened in Fortran order
"""

import numpy as np


def affine_forward(x, w, b):
    N = x.shape[0]
    x2 = np.reshape(x, (N, -1), order="F")
    out = x2.dot(w) + b
    return out, (x, w)


def affine_backward(dout, cache):
    x, w = cache
    N = x.shape[0]
    x2 = np.reshape(x, (N, -1), order="F")
    dx = np.reshape(dout.dot(w.T), x.shape, order="F")
    dw = x2.T.dot(dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db
