"""Correct: loops over output positions only, each window handled for all (n, c) at once."""

import numpy as np


def max_pool_forward(x, pool_param):
    N, C, H, W = x.shape
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    Ho, Wo = 1 + (H - ph) // s, 1 + (W - pw) // s
    out = np.zeros((N, C, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            out[:, :, i, j] = np.max(x[:, :, i * s : i * s + ph, j * s : j * s + pw], axis=(2, 3))
    return out, (x, pool_param)


def max_pool_backward(dout, cache):
    x, pool_param = cache
    N, C, H, W = x.shape
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    _, _, Ho, Wo = dout.shape
    dx = np.zeros_like(x)
    for i in range(Ho):
        for j in range(Wo):
            window = x[:, :, i * s : i * s + ph, j * s : j * s + pw].reshape(N, C, ph * pw)
            winner = window.argmax(axis=2)
            mask = np.zeros_like(window)
            np.put_along_axis(mask, winner[:, :, None], 1.0, axis=2)
            upstream = mask * dout[:, :, i, j][:, :, None]
            dx[:, :, i * s : i * s + ph, j * s : j * s + pw] += upstream.reshape(N, C, ph, pw)
    return dx
