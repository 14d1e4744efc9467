"""Mistake: the cache holds x's shape, but pool_param is kept in a module-level
variable for the backward. One forward-backward pair is right; after a second
forward with another window (a second pooling layer), the first backward spreads
its gradient over the second layer's windows.

verdict: wrong_answer
diagnosis: state kept outside the cache
"""

import numpy as np

_pool_param = None


def avg_pool_forward(x, pool_param):
    global _pool_param
    _pool_param = pool_param
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, H, W = x.shape
    Ho, Wo = 1 + (H - ph) // s, 1 + (W - pw) // s
    out = np.zeros((N, C, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            out[:, :, i, j] = x[:, :, i * s : i * s + ph, j * s : j * s + pw].mean(axis=(2, 3))
    return out, x.shape


def avg_pool_backward(dout, cache):
    ph, pw, s = _pool_param["pool_height"], _pool_param["pool_width"], _pool_param["stride"]
    dx = np.zeros(cache)
    _, _, Ho, Wo = dout.shape
    for i in range(Ho):
        for j in range(Wo):
            dx[:, :, i * s : i * s + ph, j * s : j * s + pw] += (
                dout[:, :, i, j][:, :, None, None] / (ph * pw)
            )
    return dx
