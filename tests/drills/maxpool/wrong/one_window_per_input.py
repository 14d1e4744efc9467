"""Mistake: loops over input positions and sends each entry the gradient of window (h // s, w // s).

verdict: wrong_answer
diagnosis: one window per input position
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
    return out, (x, out, pool_param)


def max_pool_backward(dout, cache):
    x, out, pool_param = cache
    N, C, H, W = x.shape
    s = pool_param["stride"]
    _, _, Ho, Wo = dout.shape
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for h in range(H):
                for w in range(W):
                    i, j = h // s, w // s
                    if i < Ho and j < Wo and x[n, c, h, w] == out[n, c, i, j]:
                        dx[n, c, h, w] = dout[n, c, i, j]
    return dx
