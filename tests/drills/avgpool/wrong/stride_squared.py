"""Mistake: the window sum is divided by stride * stride, as if the pool always equalled the stride.

verdict: wrong_answer
diagnosis: divided by the wrong count
"""

import numpy as np


def avg_pool_forward(x, pool_param):
    N, C, H, W = x.shape
    ph, pw = pool_param["pool_height"], pool_param["pool_width"]
    s = pool_param["stride"]
    Ho = 1 + (H - ph) // s
    Wo = 1 + (W - pw) // s
    out = np.zeros((N, C, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            window = x[:, :, i * s : i * s + ph, j * s : j * s + pw]
            out[:, :, i, j] = window.sum(axis=(2, 3)) / s**2
    return out, (x, pool_param)


def avg_pool_backward(dout, cache):
    x, pool_param = cache
    ph, pw = pool_param["pool_height"], pool_param["pool_width"]
    s = pool_param["stride"]
    _, _, Ho, Wo = dout.shape
    dx = np.zeros_like(x)
    for i in range(Ho):
        for j in range(Wo):
            share = dout[:, :, i, j] / s**2
            dx[:, :, i * s : i * s + ph, j * s : j * s + pw] += share[:, :, None, None]
    return dx
