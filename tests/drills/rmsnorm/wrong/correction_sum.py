"""Mistake: the correction term sums over the features instead of averaging
(d rms / dx = x / (D rms) lost its 1/D).

verdict: wrong_answer
diagnosis: dx correction without the 1/D
"""

import numpy as np


def rmsnorm_forward(x, gamma, eps=1e-6):
    rms = np.sqrt(np.mean(x**2, axis=1, keepdims=True) + eps)
    xhat = x / rms
    return gamma * xhat, (xhat, gamma, rms)


def rmsnorm_backward(dout, cache):
    xhat, gamma, rms = cache
    dxhat = dout * gamma
    dx = (dxhat - xhat * np.sum(dxhat * xhat, axis=1, keepdims=True)) / rms
    dgamma = np.sum(dout * xhat, axis=0)
    return dx, dgamma
