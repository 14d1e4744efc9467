"""Mistake: the channel variance divides by N*H*W - 1 (ddof=1) instead of N*H*W;
with a single value per channel that is 0/0.

verdict: wrong_answer
diagnosis: unbiased batch variance
"""

import numpy as np

AXES = (0, 2, 3)


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    c = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(c))
    running_var = bn_param.get("running_var", np.zeros(c))
    g, b = gamma.reshape(1, c, 1, 1), beta.reshape(1, c, 1, 1)
    if bn_param["mode"] == "train":
        mu = x.mean(axis=AXES, keepdims=True)
        var = x.var(axis=AXES, keepdims=True, ddof=1)
        std = np.sqrt(var + eps)
        xhat = (x - mu) / std
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mu.ravel()
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var.ravel()
        return g * xhat + b, (xhat, g, std)
    rm, rv = running_mean.reshape(1, c, 1, 1), running_var.reshape(1, c, 1, 1)
    bn_param["running_mean"], bn_param["running_var"] = running_mean, running_var
    return g * (x - rm) / np.sqrt(rv + eps) + b, None


def spatial_batchnorm_backward(dout, cache):
    xhat, g, std = cache
    m = dout.shape[0] * dout.shape[2] * dout.shape[3]
    dbeta = dout.sum(axis=AXES)
    dgamma = (dout * xhat).sum(axis=AXES)
    dxhat = dout * g
    dx = (
        m * dxhat
        - dxhat.sum(axis=AXES, keepdims=True)
        - xhat * (dxhat * xhat).sum(axis=AXES, keepdims=True)
    ) / (m * std)
    return dx, dgamma, dbeta
