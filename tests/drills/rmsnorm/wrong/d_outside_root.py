"""Mistake: divides by D after the square root instead of inside it.

verdict: wrong_answer
diagnosis: sum of squares instead of the mean
"""

import numpy as np


def rmsnorm_forward(x, gamma, eps=1e-6):
    rms = np.sqrt(np.sum(x**2, axis=1, keepdims=True) + eps) / x.shape[1]
    xhat = x / rms
    return gamma * xhat, (xhat, gamma, rms)


def rmsnorm_backward(dout, cache):
    xhat, gamma, rms = cache
    dxhat = dout * gamma
    dx = (dxhat - xhat * np.mean(dxhat * xhat, axis=1, keepdims=True)) / rms
    dgamma = np.sum(dout * xhat, axis=0)
    return dx, dgamma
