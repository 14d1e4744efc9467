"""Reference: layer normalisation for (N, D) activations.

Per row i, over its D features (statistics of shape (N, 1)):
    mu_i  = (1/D) sum_j x_ij
    var_i = (1/D) sum_j (x_ij - mu_i)^2              (biased: divide by D)
    xhat  = (x - mu) / sqrt(var + eps)
    out   = gamma * xhat + beta                       (gamma, beta per feature, (D,))

Backward, with dxhat = dout * gamma inside every sum (gamma varies along the
features, so it cannot be factored out as in batch norm's compact formula):
    dbeta  = sum_i dout_i                             (over the batch: shared parameters)
    dgamma = sum_i dout_i * xhat_i
    dx     = (D dxhat - sum_j dxhat - xhat sum_j dxhat * xhat) / (D sqrt(var + eps))
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
    dxhat = dout * gamma
    dx = (inv_std / D) * (
        D * dxhat
        - dxhat.sum(axis=1, keepdims=True)
        - xhat * (dxhat * xhat).sum(axis=1, keepdims=True)
    )
    dgamma = (dout * xhat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    return dx, dgamma, dbeta
