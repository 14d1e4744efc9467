"""Mistake: layer norm's backward reused, with its -sum(dxhat) term from the mean.

verdict: wrong_answer
diagnosis: dx with layer norm's mean path
"""

import numpy as np


def rmsnorm_forward(x, gamma, eps=1e-6):
    rms = np.sqrt(np.mean(x**2, axis=1, keepdims=True) + eps)
    xhat = x / rms
    return gamma * xhat, (xhat, gamma, rms)


def rmsnorm_backward(dout, cache):
    xhat, gamma, rms = cache
    d = dout.shape[1]
    dxhat = dout * gamma
    dx = (
        d * dxhat
        - dxhat.sum(axis=1, keepdims=True)
        - xhat * (dxhat * xhat).sum(axis=1, keepdims=True)
    ) / (d * rms)
    dgamma = np.sum(dout * xhat, axis=0)
    return dx, dgamma
