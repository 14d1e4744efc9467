"""Mistake: defaults eps to 1e-5 (layer norm's default) instead of the documented 1e-6.

verdict: wrong_answer
diagnosis: wrong default eps
"""

import numpy as np


def rmsnorm_forward(x, gamma, eps=1e-5):
    rms = np.sqrt(np.mean(x**2, axis=1, keepdims=True) + eps)
    xhat = x / rms
    return gamma * xhat, (xhat, gamma, rms)


def rmsnorm_backward(dout, cache):
    xhat, gamma, rms = cache
    dxhat = dout * gamma
    dx = (dxhat - xhat * np.mean(dxhat * xhat, axis=1, keepdims=True)) / rms
    dgamma = np.sum(dout * xhat, axis=0)
    return dx, dgamma
