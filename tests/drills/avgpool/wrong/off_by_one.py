"""Mistake: range(0, H - ph, s) skips the last window whenever it fits exactly.

verdict: wrong_shape
diagnosis: output size off by one
"""

import numpy as np


def avg_pool_forward(x, pool_param):
    N, C, H, W = x.shape
    ph, pw = pool_param["pool_height"], pool_param["pool_width"]
    s = pool_param["stride"]
    starts_h = range(0, H - ph, s)
    starts_w = range(0, W - pw, s)
    out = np.zeros((N, C, len(starts_h), len(starts_w)))
    for i, r in enumerate(starts_h):
        for j, q in enumerate(starts_w):
            out[:, :, i, j] = x[:, :, r : r + ph, q : q + pw].mean(axis=(2, 3))
    return out, (x, pool_param)


def avg_pool_backward(dout, cache):
    x, pool_param = cache
    ph, pw = pool_param["pool_height"], pool_param["pool_width"]
    s = pool_param["stride"]
    _, _, Ho, Wo = dout.shape
    dx = np.zeros_like(x)
    for i in range(Ho):
        for j in range(Wo):
            share = dout[:, :, i, j] / (ph * pw)
            dx[:, :, i * s : i * s + ph, j * s : j * s + pw] += share[:, :, None, None]
    return dx
