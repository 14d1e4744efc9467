"""Correct: the staged computational graph, one node at a time, with the row
statistics as (N, 1) columns."""

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    D = x.shape[1]
    mu = np.sum(x, axis=1, keepdims=True) / D
    xmu = x - mu
    var = np.sum(xmu**2, axis=1, keepdims=True) / D
    std = np.sqrt(var + eps)
    istd = 1.0 / std
    xhat = xmu * istd
    out = gamma * xhat + beta
    return out, (xmu, istd, std, xhat, gamma)


def layernorm_backward(dout, cache):
    xmu, istd, std, xhat, gamma = cache
    D = dout.shape[1]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xhat, axis=0)
    dxhat = dout * gamma
    distd = np.sum(dxhat * xmu, axis=1, keepdims=True)
    dxmu = dxhat * istd
    dstd = -distd / std**2
    dvar = 0.5 * dstd / std
    dxmu = dxmu + 2.0 * xmu * dvar / D
    dmu = -np.sum(dxmu, axis=1, keepdims=True)
    dx = dxmu + dmu / D
    return dx, dgamma, dbeta
