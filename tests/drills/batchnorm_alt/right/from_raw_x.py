"""Correct: the cache keeps only x and the parameters; the backward recomputes the
statistics and writes dx in the sum form with (x - mu) and the variance."""

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    mom = bn_param.get("momentum", 0.9)
    rmean = bn_param.get("running_mean", np.zeros_like(gamma))
    rvar = bn_param.get("running_var", np.zeros_like(gamma))
    if mode == "train":
        mu = np.sum(x, axis=0) / x.shape[0]
        var = np.sum((x - mu) ** 2, axis=0) / x.shape[0]
        out = gamma * (x - mu) / np.sqrt(var + eps) + beta
        bn_param["running_mean"] = mom * rmean + (1 - mom) * mu
        bn_param["running_var"] = mom * rvar + (1 - mom) * var
        return out, (x, gamma, eps)
    return gamma * (x - rmean) / np.sqrt(rvar + eps) + beta, None


def batchnorm_backward_alt(dout, cache):
    x, gamma, eps = cache
    n = x.shape[0]
    xc = x - x.mean(axis=0)
    v = (xc**2).mean(axis=0) + eps
    dgamma = np.sum(dout * xc, axis=0) / np.sqrt(v)
    dbeta = np.sum(dout, axis=0)
    dx = gamma / (n * np.sqrt(v)) * (n * dout - dbeta - xc / v * np.sum(dout * xc, axis=0))
    return dx, dgamma, dbeta
