"""Correct: one channel at a time, staged backward through mean and variance."""

import numpy as np


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    n, c, h, w = x.shape
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    rm = np.array(bn_param.get("running_mean", np.zeros(c)), dtype=float)
    rv = np.array(bn_param.get("running_var", np.zeros(c)), dtype=float)
    out = np.empty_like(x)
    train = bn_param["mode"] == "train"
    saved = []
    for k in range(c):
        v = x[:, k]
        if train:
            mu = v.sum() / v.size
            var = ((v - mu) ** 2).sum() / v.size
            rm[k] = momentum * rm[k] + (1 - momentum) * mu
            rv[k] = momentum * rv[k] + (1 - momentum) * var
        else:
            mu, var = rm[k], rv[k]
        xhat = (v - mu) / np.sqrt(var + eps)
        out[:, k] = gamma[k] * xhat + beta[k]
        saved.append((v - mu, var + eps))
    if train:
        bn_param["running_mean"], bn_param["running_var"] = rm, rv
    return out, (saved, gamma)


def spatial_batchnorm_backward(dout, cache):
    saved, gamma = cache
    dx = np.empty_like(dout)
    c = dout.shape[1]
    dgamma, dbeta = np.zeros(c), np.zeros(c)
    for k, (centred, v_eps) in enumerate(saved):
        d = dout[:, k]
        m = d.size
        inv = 1.0 / np.sqrt(v_eps)
        xhat = centred * inv
        dbeta[k] = d.sum()
        dgamma[k] = (d * xhat).sum()
        dxhat = d * gamma[k]
        dvar = (dxhat * centred).sum() * -0.5 * inv**3
        dmu = -(dxhat * inv).sum() - dvar * 2.0 * centred.sum() / m
        dx[:, k] = dxhat * inv + dvar * 2.0 * centred / m + dmu / m
    return dx, dgamma, dbeta
