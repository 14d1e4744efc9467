"""Correct: explicit loops over examples, features and outputs, no matrix products."""

import numpy as np


def affine_forward(x, w, b):
    n = x.shape[0]
    d, m = w.shape
    rows = x.reshape(n, d)
    out = np.zeros((n, m))
    for i in range(n):
        for j in range(m):
            total = b[j]
            for k in range(d):
                total += rows[i, k] * w[k, j]
            out[i, j] = total
    return out, (x.copy(), w.copy())


def affine_backward(dout, cache):
    x, w = cache
    n = x.shape[0]
    d, m = w.shape
    rows = x.reshape(n, d)
    dx = np.zeros((n, d))
    dw = np.zeros((d, m))
    db = np.zeros(m)
    for i in range(n):
        for j in range(m):
            db[j] += dout[i, j]
            for k in range(d):
                dx[i, k] += dout[i, j] * w[k, j]
                dw[k, j] += rows[i, k] * dout[i, j]
    return dx.reshape(x.shape), dw, db
