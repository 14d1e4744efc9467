"""Mistake: dx forgets that each row's mean depends on x.

verdict: wrong_answer
diagnosis: dx without the mean path
"""

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = (x - mu) * inv_std
    out = gamma * xhat + beta
    return out, (x, xhat, gamma, inv_std)


def layernorm_backward(dout, cache):
    x, xhat, gamma, inv_std = cache
    N, D = dout.shape
    dxhat = dout * gamma
    dx = dxhat * inv_std - xhat * (dxhat * xhat).sum(axis=1, keepdims=True) * inv_std / D
    dgamma = (dout * xhat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    return dx, dgamma, dbeta
