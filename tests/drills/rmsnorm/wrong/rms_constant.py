"""Mistake: dx treats each row's rms as a constant (no path through the rms).

verdict: wrong_answer
diagnosis: dx treats the rms as a constant
"""

import numpy as np


def rmsnorm_forward(x, gamma, eps=1e-6):
    rms = np.sqrt(np.mean(x**2, axis=1, keepdims=True) + eps)
    xhat = x / rms
    return gamma * xhat, (xhat, gamma, rms)


def rmsnorm_backward(dout, cache):
    xhat, gamma, rms = cache
    dx = dout * gamma / rms
    dgamma = np.sum(dout * xhat, axis=0)
    return dx, dgamma
