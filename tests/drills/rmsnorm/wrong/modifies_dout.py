"""Mistake: the backward scales dout by gamma in place, changing the caller's array.

verdict: wrong_answer
"""

import numpy as np


def rmsnorm_forward(x, gamma, eps=1e-6):
    rms = np.sqrt(np.mean(x**2, axis=1, keepdims=True) + eps)
    xhat = x / rms
    return gamma * xhat, (xhat, gamma, rms)


def rmsnorm_backward(dout, cache):
    xhat, gamma, rms = cache
    dgamma = np.sum(dout * xhat, axis=0)
    dout *= gamma
    dx = (dout - xhat * np.mean(dout * xhat, axis=1, keepdims=True)) / rms
    return dx, dgamma
