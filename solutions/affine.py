"""Reference: the affine (fully connected) layer.

Each example of x (N, d1, ..., dk) is flattened row-major to D = d1 * ... * dk values:
    x2  = x.reshape(N, D)
    out = x2 @ w + b                      (N, M)
Backward, with dout = dL/dout of shape (N, M):
    dx = (dout @ w.T).reshape(x.shape)    the gradient has the input's shape
    dw = x2.T @ dout                      (D, M)
    db = sum over the batch of dout       (M,)  the bias is shared by every row
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
    db = np.sum(dout, axis=0)
    return dx, dw, db
