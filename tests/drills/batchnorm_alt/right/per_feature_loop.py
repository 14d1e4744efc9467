"""Correct: the same expression evaluated one feature column at a time."""

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    n, d = x.shape
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    running_mean = np.array(bn_param.get("running_mean", np.zeros(d)), dtype=float)
    running_var = np.array(bn_param.get("running_var", np.zeros(d)), dtype=float)
    out = np.empty_like(x)
    if bn_param["mode"] == "train":
        xhat = np.empty_like(x)
        inv = np.empty(d)
        for j in range(d):
            col = x[:, j]
            m = col.mean()
            v = ((col - m) ** 2).mean()
            inv[j] = 1.0 / np.sqrt(v + eps)
            xhat[:, j] = (col - m) * inv[j]
            out[:, j] = gamma[j] * xhat[:, j] + beta[j]
            running_mean[j] = momentum * running_mean[j] + (1 - momentum) * m
            running_var[j] = momentum * running_var[j] + (1 - momentum) * v
        bn_param["running_mean"], bn_param["running_var"] = running_mean, running_var
        return out, (xhat, inv, gamma)
    for j in range(d):
        out[:, j] = gamma[j] * (x[:, j] - running_mean[j]) / np.sqrt(running_var[j] + eps) + beta[j]
    return out, None


def batchnorm_backward_alt(dout, cache):
    xhat, inv, gamma = cache
    n, d = dout.shape
    dx = np.empty_like(dout)
    dgamma = np.empty(d)
    dbeta = np.empty(d)
    for j in range(d):
        dbeta[j] = dout[:, j].sum()
        dgamma[j] = (dout[:, j] * xhat[:, j]).sum()
        dx[:, j] = gamma[j] * inv[j] / n * (n * dout[:, j] - dbeta[j] - xhat[:, j] * dgamma[j])
    return dx, dgamma, dbeta
