"""Correct: explicit loops over rows and features with the math module."""

import math

import numpy as np


def rmsnorm_forward(x, gamma, eps=1e-6):
    n, d = x.shape
    out = np.zeros((n, d))
    xhat = np.zeros((n, d))
    rms = []
    for i in range(n):
        r = math.sqrt(sum(x[i, j] ** 2 for j in range(d)) / d + eps)
        rms.append(r)
        for j in range(d):
            xhat[i, j] = x[i, j] / r
            out[i, j] = gamma[j] * xhat[i, j]
    return out, (xhat, rms, gamma.copy())


def rmsnorm_backward(dout, cache):
    xhat, rms, gamma = cache
    n, d = dout.shape
    dx = np.zeros((n, d))
    dgamma = np.zeros(d)
    for i in range(n):
        g = [dout[i, j] * gamma[j] for j in range(d)]
        dot = sum(g[j] * xhat[i, j] for j in range(d)) / d
        for j in range(d):
            dx[i, j] = (g[j] - xhat[i, j] * dot) / rms[i]
            dgamma[j] += dout[i, j] * xhat[i, j]
    return dx, dgamma
