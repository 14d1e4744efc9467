"""Reference: RMS normalisation for (N, D) activations (Zhang and Sennrich, 2019).

Per row i, over its D features (shape (N, 1)); no mean subtraction, no beta:
    rms_i = sqrt((1/D) sum_j x_ij^2 + eps)           (eps inside the root)
    xhat  = x / rms
    out   = gamma * xhat                              (gamma per feature, (D,))

Backward, with dxhat = dout * gamma (inside the sum: gamma varies along it) and
d rms_i / d x_ij = x_ij / (D rms_i):
    dgamma = sum_i dout_i * xhat_i                    (over the batch: shared parameter)
    dx     = (dxhat - xhat * mean_j(dxhat * xhat)) / rms
"""

import numpy as np


def rmsnorm_forward(x, gamma, eps=1e-6):
    rms = np.sqrt(np.mean(x * x, axis=1, keepdims=True) + eps)
    xhat = x / rms
    return gamma * xhat, (xhat, gamma, rms)


def rmsnorm_backward(dout, cache):
    xhat, gamma, rms = cache
    dxhat = dout * gamma
    dx = (dxhat - xhat * np.mean(dxhat * xhat, axis=1, keepdims=True)) / rms
    dgamma = np.sum(dout * xhat, axis=0)
    return dx, dgamma
