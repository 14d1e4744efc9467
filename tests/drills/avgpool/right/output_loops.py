"""Correct: loops over output positions, every window handled for all (n, c) at once."""

import numpy as np


def avg_pool_forward(x, pool_param):
    N, C, H, W = x.shape
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    Ho, Wo = 1 + (H - ph) // s, 1 + (W - pw) // s
    out = np.empty((N, C, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            out[:, :, i, j] = x[:, :, i * s : i * s + ph, j * s : j * s + pw].mean(axis=(2, 3))
    return out, (x.shape, pool_param)


def avg_pool_backward(dout, cache):
    shape, pool_param = cache
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    dx = np.zeros(shape)
    _, _, Ho, Wo = dout.shape
    share = dout / (ph * pw)
    for i in range(Ho):
        for j in range(Wo):
            dx[:, :, i * s : i * s + ph, j * s : j * s + pw] += share[:, :, i : i + 1, j : j + 1]
    return dx
