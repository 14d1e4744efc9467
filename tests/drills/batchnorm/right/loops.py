"""Correct: explicit loops over features and rows, no vectorisation at all."""

import math

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    n, d = x.shape
    running_mean = np.array(bn_param.get("running_mean", np.zeros(d)), dtype=float)
    running_var = np.array(bn_param.get("running_var", np.zeros(d)), dtype=float)
    out = np.zeros((n, d))
    means, variances = np.zeros(d), np.zeros(d)
    for j in range(d):
        if mode == "train":
            m = sum(x[i, j] for i in range(n)) / n
            v = sum((x[i, j] - m) ** 2 for i in range(n)) / n
            means[j], variances[j] = m, v
        else:
            m, v = running_mean[j], running_var[j]
        for i in range(n):
            out[i, j] = gamma[j] * (x[i, j] - m) / math.sqrt(v + eps) + beta[j]
    if mode == "train":
        for j in range(d):
            running_mean[j] = momentum * running_mean[j] + (1 - momentum) * means[j]
            running_var[j] = momentum * running_var[j] + (1 - momentum) * variances[j]
    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, (x.copy(), gamma.copy(), means, variances, eps)


def batchnorm_backward(dout, cache):
    x, gamma, means, variances, eps = cache
    n, d = x.shape
    dx = np.zeros((n, d))
    dgamma = np.zeros(d)
    dbeta = np.zeros(d)
    for j in range(d):
        s = math.sqrt(variances[j] + eps)
        xhat = [(x[i, j] - means[j]) / s for i in range(n)]
        sum_dout = sum(dout[i, j] for i in range(n))
        sum_dout_xhat = sum(dout[i, j] * xhat[i] for i in range(n))
        dbeta[j] = sum_dout
        dgamma[j] = sum_dout_xhat
        for i in range(n):
            dx[i, j] = gamma[j] / (n * s) * (n * dout[i, j] - sum_dout - xhat[i] * sum_dout_xhat)
    return dx, dgamma, dbeta
