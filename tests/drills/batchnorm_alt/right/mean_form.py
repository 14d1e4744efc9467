"""Correct: dx in the mean form, cache as a dict, running statistics updated in place."""

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    eps = bn_param.setdefault("eps", 1e-5)
    momentum = bn_param.setdefault("momentum", 0.9)
    rm = bn_param.setdefault("running_mean", np.zeros(x.shape[1]))
    rv = bn_param.setdefault("running_var", np.zeros(x.shape[1]))
    if bn_param["mode"] == "test":
        return gamma * (x - rm) / np.sqrt(rv + eps) + beta, None
    mean = x.mean(axis=0)
    var = ((x - mean) ** 2).mean(axis=0)
    std = np.sqrt(var + eps)
    xn = (x - mean) / std
    rm *= momentum
    rm += (1 - momentum) * mean
    rv *= momentum
    rv += (1 - momentum) * var
    return gamma * xn + beta, {"xn": xn, "std": std, "gamma": gamma}


def batchnorm_backward_alt(dout, cache):
    xn, std, gamma = cache["xn"], cache["std"], cache["gamma"]
    g = dout * gamma
    dx = (g - g.mean(axis=0) - xn * (g * xn).mean(axis=0)) / std
    return dx, np.einsum("nd,nd->d", dout, xn), dout.sum(axis=0)
