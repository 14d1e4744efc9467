"""Mistake: keeps the reduced axis in dgamma and dbeta, shape (1, D).

verdict: wrong_shape
diagnosis: dgamma and dbeta kept as (1, D)
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
    dx = (inv_std / D) * (
        D * dxhat
        - dxhat.sum(axis=1, keepdims=True)
        - xhat * (dxhat * xhat).sum(axis=1, keepdims=True)
    )
    dgamma = np.sum(dout * xhat, axis=0, keepdims=True)
    dbeta = np.sum(dout, axis=0, keepdims=True)
    return dx, dgamma, dbeta
