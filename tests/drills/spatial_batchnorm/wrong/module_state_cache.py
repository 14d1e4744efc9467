"""Mistake: the forward keeps xhat, gamma and 1 / std in a module-level dict, like
a layer object would, and returns an empty cache. One forward-backward pair is
right; after a second forward, the first backward works with the second map.

verdict: wrong_answer
diagnosis: state kept outside the cache
"""

import numpy as np

AXES = (0, 2, 3)
_saved = {}


def _per_channel(v):
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
        _saved.update(xhat=xhat, gamma=gamma, inv_std=inv_std)
    elif mode == "test":
        xhat = (x - _per_channel(running_mean)) / _per_channel(np.sqrt(running_var + eps))
    else:
        raise ValueError(f"invalid batchnorm mode {mode!r}")
    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return _per_channel(gamma) * xhat + _per_channel(beta), {}


def spatial_batchnorm_backward(dout, cache):
    xhat, gamma, inv_std = _saved["xhat"], _saved["gamma"], _saved["inv_std"]
    n, _, h, w = dout.shape
    m = n * h * w
    dbeta = dout.sum(axis=AXES)
    dgamma = (dout * xhat).sum(axis=AXES)
    scale = _per_channel(gamma * inv_std / m)
    dx = scale * (m * dout - _per_channel(dbeta) - xhat * _per_channel(dgamma))
    return dx, dgamma, dbeta
