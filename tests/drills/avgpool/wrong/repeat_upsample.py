"""Mistake: dout is upsampled with np.repeat, as if every entry lay in exactly one window.

verdict: wrong_answer
diagnosis: one window per input position
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
            out[:, :, i, j] = x[:, :, i * s : i * s + ph, j * s : j * s + pw].mean(axis=(2, 3))
    return out, (x, pool_param)


def avg_pool_backward(dout, cache):
    x, pool_param = cache
    N, C, H, W = x.shape
    ph, pw = pool_param["pool_height"], pool_param["pool_width"]
    s = pool_param["stride"]
    up = np.repeat(np.repeat(dout, s, axis=2), s, axis=3) / (ph * pw)
    dx = np.zeros_like(x)
    h, w = min(H, up.shape[2]), min(W, up.shape[3])
    dx[:, :, :h, :w] = up[:, :, :h, :w]
    return dx
