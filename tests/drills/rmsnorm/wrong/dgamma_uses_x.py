"""Mistake: dgamma multiplies dout by the raw x instead of xhat.

verdict: wrong_answer
diagnosis: dgamma uses x instead of x-hat
"""

import numpy as np


def rmsnorm_forward(x, gamma, eps=1e-6):
    rms = np.sqrt(np.mean(x**2, axis=1, keepdims=True) + eps)
    xhat = x / rms
    return gamma * xhat, (x, xhat, gamma, rms)


def rmsnorm_backward(dout, cache):
    x, xhat, gamma, rms = cache
    dxhat = dout * gamma
    dx = (dxhat - xhat * np.mean(dxhat * xhat, axis=1, keepdims=True)) / rms
    dgamma = np.sum(dout * x, axis=0)
    return dx, dgamma
