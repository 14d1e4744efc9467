"""Mistake: gamma factored out of the feature sum, as if it were constant along it.

verdict: wrong_answer
diagnosis: gamma pulled out of the feature sum
"""

import numpy as np


def rmsnorm_forward(x, gamma, eps=1e-6):
    rms = np.sqrt(np.mean(x**2, axis=1, keepdims=True) + eps)
    xhat = x / rms
    return gamma * xhat, (xhat, gamma, rms)


def rmsnorm_backward(dout, cache):
    xhat, gamma, rms = cache
    dx = gamma * (dout - xhat * np.mean(dout * xhat, axis=1, keepdims=True)) / rms
    dgamma = np.sum(dout * xhat, axis=0)
    return dx, dgamma
