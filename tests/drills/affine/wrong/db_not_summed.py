"""Mistake: db is dout itself, one row per example.

verdict: wrong_shape
diagnosis: db not summed over the batch
"""


def affine_forward(x, w, b):
    x2 = x.reshape(x.shape[0], -1)
    out = x2 @ w + b
    return out, (x, w)


def affine_backward(dout, cache):
    x, w = cache
    x2 = x.reshape(x.shape[0], -1)
    dx = (dout @ w.T).reshape(x.shape)
    dw = x2.T @ dout
    db = dout
    return dx, dw, db
