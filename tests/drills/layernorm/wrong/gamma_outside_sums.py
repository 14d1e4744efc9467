"""Mistake: batch norm's compact dx with the axes swapped, gamma factored out of the sums.

verdict: wrong_answer
diagnosis: gamma pulled out of the feature sums
"""

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = (x - mu) * inv_std
    out = gamma * xhat + beta
    return out, (xhat, gamma, inv_std)


def layernorm_backward(dout, cache):
    xhat, gamma, inv_std = cache
    D = dout.shape[1]
    dx = (gamma * inv_std / D) * (
        D * dout
        - dout.sum(axis=1, keepdims=True)
        - xhat * (dout * xhat).sum(axis=1, keepdims=True)
    )
    dgamma = (dout * xhat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    return dx, dgamma, dbeta
