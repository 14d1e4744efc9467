"""Reference: batch norm for (N, D) activations with the backward pass as one expression.

Forward (train mode), per feature over the batch:
    mu = mean(x), var = mean((x - mu)^2)        (biased)
    xhat = (x - mu) / sqrt(var + eps),  out = gamma * xhat + beta
    running = momentum * running + (1 - momentum) * batch statistic
Test mode normalises with the running statistics.

Backward. Write s = 1 / sqrt(var + eps) and g = dout * gamma. Differentiating
xhat_i = (x_i - mu) s through mu and var gives, per feature,
    dx = s * (g - mean(g) - xhat * mean(g * xhat))
       = gamma * s / N * (N * dout - sum(dout) - xhat * sum(dout * xhat))
so dx needs only dbeta = sum(dout) and dgamma = sum(dout * xhat), which the
backward computes anyway.
"""

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    d = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(d, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(d, dtype=x.dtype))

    if mode == "train":
        mu, var = x.mean(axis=0), x.var(axis=0)
        inv_std = 1.0 / np.sqrt(var + eps)
        xhat = (x - mu) * inv_std
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
        cache = (xhat, gamma, inv_std)
    elif mode == "test":
        xhat = (x - running_mean) / np.sqrt(running_var + eps)
        cache = None
    else:
        raise ValueError(f"invalid batchnorm mode {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return gamma * xhat + beta, cache


def batchnorm_backward_alt(dout, cache):
    xhat, gamma, inv_std = cache
    n = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dx = gamma * inv_std / n * (n * dout - dbeta - xhat * dgamma)
    return dx, dgamma, dbeta
