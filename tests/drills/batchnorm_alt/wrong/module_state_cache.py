"""Mistake: the cache holds xhat and gamma, but 1 / sqrt(var + eps) is left on a
function attribute the backward reads. Each forward-backward pair alone is right;
after a second forward, the first backward scales dx with the other batch's
standard deviation.

verdict: wrong_answer
diagnosis: state kept outside the cache
"""

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    d = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(d, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(d, dtype=x.dtype))
    if mode == "train":
        mu, var = x.mean(axis=0), x.var(axis=0)
        inv_std = 1.0 / np.sqrt(var + eps)
        xhat = (x - mu) * inv_std
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
        batchnorm_forward.inv_std = inv_std
        cache = (xhat, gamma)
    elif mode == "test":
        xhat = (x - running_mean) / np.sqrt(running_var + eps)
        cache = None
    else:
        raise ValueError(f"invalid batchnorm mode {mode!r}")
    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return gamma * xhat + beta, cache


def batchnorm_backward_alt(dout, cache):
    xhat, gamma = cache
    inv_std = batchnorm_forward.inv_std
    n = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dx = gamma * inv_std / n * (n * dout - dbeta - xhat * dgamma)
    return dx, dgamma, dbeta
