"""Correct: compact backward written with means instead of sums; running statistics
updated in place on the arrays bn_param holds."""

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    eps = bn_param.setdefault("eps", 1e-5)
    momentum = bn_param.setdefault("momentum", 0.9)
    d = x.shape[1]
    rm = bn_param.setdefault("running_mean", np.zeros(d))
    rv = bn_param.setdefault("running_var", np.zeros(d))
    if bn_param["mode"] == "train":
        mean = np.mean(x, axis=0)
        var = np.mean((x - mean) ** 2, axis=0)
        std = np.sqrt(var + eps)
        xn = (x - mean) / std
        rm *= momentum
        rm += (1 - momentum) * mean
        rv *= momentum
        rv += (1 - momentum) * var
        return gamma * xn + beta, {"xn": xn, "std": std, "gamma": gamma}
    xn = (x - rm) / np.sqrt(rv + eps)
    return gamma * xn + beta, None


def batchnorm_backward(dout, cache):
    xn, std, gamma = cache["xn"], cache["std"], cache["gamma"]
    dgamma = np.einsum("nd,nd->d", dout, xn)
    dbeta = dout.sum(axis=0)
    g = dout * gamma
    dx = (g - g.mean(axis=0) - xn * (g * xn).mean(axis=0)) / std
    return dx, dgamma, dbeta
