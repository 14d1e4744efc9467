"""Mistake: reuses batch norm's dx formula, summing over the batch (axis 0) and dividing by N.

verdict: wrong_answer
diagnosis: dx sums over the batch (axis 0)
"""

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = (x - mu) * inv_std
    out = gamma * xhat + beta
    return out, (x, xhat, gamma, inv_std)


def layernorm_backward(dout, cache):
    x, xhat, gamma, inv_std = cache
    N, D = dout.shape
    dxhat = dout * gamma
    dx = (inv_std / N) * (N * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0))
    dgamma = (dout * xhat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    return dx, dgamma, dbeta
