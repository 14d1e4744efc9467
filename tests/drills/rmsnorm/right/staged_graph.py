"""Correct: the staged computational graph, back-propagated one node at a time
(square, mean, add eps, square root, reciprocal, multiply)."""

import numpy as np


def rmsnorm_forward(x, gamma, eps=1e-6):
    d = x.shape[1]
    sq = x**2
    ms = sq.sum(axis=1, keepdims=True) / d
    r = np.sqrt(ms + eps)
    inv = 1.0 / r
    xhat = x * inv
    out = gamma * xhat
    return out, (x, gamma, sq, r, inv, xhat)


def rmsnorm_backward(dout, cache):
    x, gamma, sq, r, inv, xhat = cache
    d = x.shape[1]
    dgamma = np.sum(dout * xhat, axis=0)
    dxhat = dout * gamma
    dinv = np.sum(dxhat * x, axis=1, keepdims=True)
    dx = dxhat * inv
    dr = -dinv / r**2
    dms = dr * 0.5 / r
    dsq = np.ones_like(sq) * dms / d
    dx = dx + 2 * x * dsq
    return dx, dgamma
