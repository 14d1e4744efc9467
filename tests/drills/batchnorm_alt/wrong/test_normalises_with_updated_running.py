"""Mistake: test mode first folds the test batch into the running statistics, then
normalises with the updated ones.

verdict: wrong_answer
diagnosis: test mode updates the running statistics
"""

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    d = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(d))
    running_var = bn_param.get("running_var", np.zeros(d))
    mu, var = x.mean(axis=0), x.var(axis=0)
    running_mean = momentum * running_mean + (1 - momentum) * mu
    running_var = momentum * running_var + (1 - momentum) * var
    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    if bn_param["mode"] == "train":
        inv_std = 1.0 / np.sqrt(var + eps)
        xhat = (x - mu) * inv_std
        cache = (xhat, gamma, inv_std)
    else:
        xhat = (x - running_mean) / np.sqrt(running_var + eps)
        cache = None
    return gamma * xhat + beta, cache


def batchnorm_backward_alt(dout, cache):
    xhat, gamma, inv_std = cache
    n = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dx = gamma * inv_std / n * (n * dout - dbeta - xhat * dgamma)
    return dx, dgamma, dbeta
