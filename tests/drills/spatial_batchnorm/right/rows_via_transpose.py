"""Correct: channel axis moved last, ordinary (N, D) batch norm on the rows, and
the result transposed back."""

import numpy as np


def _bn_rows(x2, gamma, beta, bn_param):
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    d = x2.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(d))
    running_var = bn_param.get("running_var", np.zeros(d))
    if bn_param["mode"] == "train":
        mu = x2.mean(axis=0)
        var = x2.var(axis=0)
        inv = 1.0 / np.sqrt(var + eps)
        xhat = (x2 - mu) * inv
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mu
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
        return gamma * xhat + beta, (xhat, gamma, inv)
    return gamma * (x2 - running_mean) / np.sqrt(running_var + eps) + beta, None


def _bn_rows_backward(dout2, cache):
    xhat, gamma, inv = cache
    m = dout2.shape[0]
    dbeta = dout2.sum(axis=0)
    dgamma = (dout2 * xhat).sum(axis=0)
    dx2 = gamma * inv / m * (m * dout2 - dbeta - xhat * dgamma)
    return dx2, dgamma, dbeta


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    n, c, h, w = x.shape
    x2 = x.transpose(0, 2, 3, 1).reshape(-1, c)
    out2, cache = _bn_rows(x2, gamma, beta, bn_param)
    return out2.reshape(n, h, w, c).transpose(0, 3, 1, 2), cache


def spatial_batchnorm_backward(dout, cache):
    n, c, h, w = dout.shape
    dout2 = dout.transpose(0, 2, 3, 1).reshape(-1, c)
    dx2, dgamma, dbeta = _bn_rows_backward(dout2, cache)
    return dx2.reshape(n, h, w, c).transpose(0, 3, 1, 2), dgamma, dbeta
