"""Reference: spatial batch normalisation for (N, C, H, W) feature maps.

A convolutional feature map shares each channel's filter over every position, so
each channel c is normalised with statistics over the batch AND the positions,
m = N * H * W values per channel:
    mu_c  = mean over (n, h, w) of x[n, c, h, w]
    var_c = mean over (n, h, w) of (x[n, c, h, w] - mu_c)^2        (biased)
    xhat  = (x - mu_c) / sqrt(var_c + eps),   out = gamma_c * xhat + beta_c
    running_c = momentum * running_c + (1 - momentum) * batch_statistic_c
Test mode normalises with the running statistics.

Backward: ordinary batch norm with the m values of a channel playing the batch,
    dbeta_c  = sum dout,   dgamma_c = sum dout * xhat
    dx = gamma_c / (m * sqrt(var_c + eps)) * (m * dout - dbeta_c - xhat * dgamma_c)
"""

import numpy as np

AXES = (0, 2, 3)  # everything except the channel axis


def _per_channel(v):
    """(C,) -> (1, C, 1, 1), to broadcast against a feature map."""
    return v[None, :, None, None]


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    c = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(c, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(c, dtype=x.dtype))

    if mode == "train":
        mu, var = x.mean(axis=AXES), x.var(axis=AXES)
        inv_std = 1.0 / np.sqrt(var + eps)
        xhat = (x - _per_channel(mu)) * _per_channel(inv_std)
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
        cache = (xhat, gamma, inv_std)
    elif mode == "test":
        xhat = (x - _per_channel(running_mean)) / _per_channel(np.sqrt(running_var + eps))
        cache = None
    else:
        raise ValueError(f"invalid batchnorm mode {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return _per_channel(gamma) * xhat + _per_channel(beta), cache


def spatial_batchnorm_backward(dout, cache):
    xhat, gamma, inv_std = cache
    n, _, h, w = dout.shape
    m = n * h * w
    dbeta = dout.sum(axis=AXES)
    dgamma = (dout * xhat).sum(axis=AXES)
    scale = _per_channel(gamma * inv_std / m)
    dx = scale * (m * dout - _per_channel(dbeta) - xhat * _per_channel(dgamma))
    return dx, dgamma, dbeta
