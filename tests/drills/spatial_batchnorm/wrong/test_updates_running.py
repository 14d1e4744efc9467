"""Mistake: test mode normalises with the running statistics, then updates them with
the test batch's statistics as if it were training.

verdict: wrong_answer
diagnosis: test mode updates the running statistics
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
    mu, var = x.mean(axis=AXES), x.var(axis=AXES)
    if bn_param["mode"] == "train":
        std = np.sqrt(var + eps).reshape(1, c, 1, 1)
        xhat = (x - mu.reshape(1, c, 1, 1)) / std
        out, cache = g * xhat + b, (xhat, g, std)
    else:
        rm, rv = running_mean.reshape(1, c, 1, 1), running_var.reshape(1, c, 1, 1)
        out, cache = g * (x - rm) / np.sqrt(rv + eps) + b, None
    # Both modes update the running averages.
    bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mu
    bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
    return out, cache


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
