"""Mistake: centres each row first, as layer norm does, then divides by the
root mean square of the centred row (its standard deviation): layer norm without beta.

verdict: wrong_answer
diagnosis: mean subtracted (that is layer norm)
"""

import numpy as np


def rmsnorm_forward(x, gamma, eps=1e-6):
    xc = x - x.mean(axis=1, keepdims=True)
    rms = np.sqrt(np.mean(xc**2, axis=1, keepdims=True) + eps)
    xhat = xc / rms
    return gamma * xhat, (xhat, gamma, rms)


def rmsnorm_backward(dout, cache):
    xhat, gamma, rms = cache
    dxhat = dout * gamma
    dx = (dxhat - xhat * np.mean(dxhat * xhat, axis=1, keepdims=True)) / rms
    dgamma = np.sum(dout * xhat, axis=0)
    return dx, dgamma
