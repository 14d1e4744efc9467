"""Mistake: test mode normalises with the running statistics, then updates them in
place with the test batch's statistics.

verdict: wrong_answer
diagnosis: test mode updates the running statistics
"""

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    d = x.shape[1]
    bn_param.setdefault("running_mean", np.zeros(d))
    bn_param.setdefault("running_var", np.zeros(d))
    running_mean, running_var = bn_param["running_mean"], bn_param["running_var"]
    mu, var = x.mean(axis=0), x.var(axis=0)
    if bn_param["mode"] == "train":
        inv_std = 1.0 / np.sqrt(var + eps)
        xhat = (x - mu) * inv_std
        cache = (xhat, gamma, inv_std)
    else:
        xhat = (x - running_mean) / np.sqrt(running_var + eps)
        cache = None
    out = gamma * xhat + beta
    # Both modes update the running averages, in place.
    running_mean *= momentum
    running_mean += (1 - momentum) * mu
    running_var *= momentum
    running_var += (1 - momentum) * var
    return out, cache


def batchnorm_backward_alt(dout, cache):
    xhat, gamma, inv_std = cache
    n = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dx = gamma * inv_std / n * (n * dout - dbeta - xhat * dgamma)
    return dx, dgamma, dbeta
