"""Mistake: mean form dx = (g - mean(g) - x-hat * mean(g * x-hat)) / sqrt(var + eps), but
both correction terms are sums.

verdict: wrong_answer
diagnosis: sum where a mean belongs
"""

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    d = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(d))
    running_var = bn_param.get("running_var", np.zeros(d))
    if bn_param["mode"] == "train":
        mu = x.mean(axis=0)
        var = x.var(axis=0)
        inv_std = 1.0 / np.sqrt(var + eps)
        xhat = (x - mu) * inv_std
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mu
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
        cache = (x, mu, var, eps, xhat, inv_std, gamma)
    else:
        xhat = (x - running_mean) / np.sqrt(running_var + eps)
        cache = None
    return gamma * xhat + beta, cache


def batchnorm_backward_alt(dout, cache):
    x, mu, var, eps, xhat, inv_std, gamma = cache
    g = dout * gamma
    dx = inv_std * (g - g.sum(axis=0) - xhat * (g * xhat).sum(axis=0))
    return dx, (dout * xhat).sum(axis=0), dout.sum(axis=0)
