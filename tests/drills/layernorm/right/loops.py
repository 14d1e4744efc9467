"""Correct: explicit loops over rows and features with the math module."""

import math

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    n, d = x.shape
    out = np.zeros((n, d))
    xhat = np.zeros((n, d))
    stds = []
    for i in range(n):
        m = sum(x[i, j] for j in range(d)) / d
        v = sum((x[i, j] - m) ** 2 for j in range(d)) / d
        s = math.sqrt(v + eps)
        stds.append(s)
        for j in range(d):
            xhat[i, j] = (x[i, j] - m) / s
            out[i, j] = gamma[j] * xhat[i, j] + beta[j]
    return out, (xhat, stds, gamma.copy())


def layernorm_backward(dout, cache):
    xhat, stds, gamma = cache
    n, d = dout.shape
    dx = np.zeros((n, d))
    dgamma = np.zeros(d)
    dbeta = np.zeros(d)
    for i in range(n):
        g = [dout[i, j] * gamma[j] for j in range(d)]
        sum_g = sum(g)
        sum_g_xhat = sum(g[j] * xhat[i, j] for j in range(d))
        for j in range(d):
            dx[i, j] = (d * g[j] - sum_g - xhat[i, j] * sum_g_xhat) / (d * stds[i])
            dgamma[j] += dout[i, j] * xhat[i, j]
            dbeta[j] += dout[i, j]
    return dx, dgamma, dbeta
