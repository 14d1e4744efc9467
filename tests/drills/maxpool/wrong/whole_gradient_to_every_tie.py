"""Mistake: dx += (window == max) * dout gives the whole gradient to every entry that
ties for the maximum, so a window with k tied maxima hands on k times its dout.

verdict: wrong_answer
diagnosis: every tied maximum gets the whole gradient
"""

import numpy as np


def max_pool_forward(x, pool_param):
    N, C, H, W = x.shape
    ph, pw = pool_param["pool_height"], pool_param["pool_width"]
    s = pool_param["stride"]
    Ho = 1 + (H - ph) // s
    Wo = 1 + (W - pw) // s
    out = np.zeros((N, C, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            out[:, :, i, j] = x[:, :, i * s : i * s + ph, j * s : j * s + pw].max(axis=(2, 3))
    return out, (x, pool_param)


def max_pool_backward(dout, cache):
    x, pool_param = cache
    N, C, H, W = x.shape
    ph, pw = pool_param["pool_height"], pool_param["pool_width"]
    s = pool_param["stride"]
    _, _, Ho, Wo = dout.shape
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    window = x[n, c, i * s : i * s + ph, j * s : j * s + pw]
                    mask = window == np.max(window)
                    dx[n, c, i * s : i * s + ph, j * s : j * s + pw] += mask * dout[n, c, i, j]
    return dx
