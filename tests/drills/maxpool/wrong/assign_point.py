"""Mistake: the gradient is assigned to the argmax, so overlapping windows overwrite each other.

verdict: wrong_answer
diagnosis: assigning instead of accumulating
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
    n, c = np.indices((N, C))
    for i in range(Ho):
        for j in range(Wo):
            window = x[:, :, i * s : i * s + ph, j * s : j * s + pw].reshape(N, C, -1)
            a, b = np.unravel_index(window.argmax(axis=2), (ph, pw))
            dx[n, c, i * s + a, j * s + b] = dout[:, :, i, j]
    return dx
