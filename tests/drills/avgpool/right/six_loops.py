"""Correct: explicit loops over every example, channel, output position and window entry."""

import numpy as np


def avg_pool_forward(x, pool_param):
    N, C, H, W = x.shape
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    Ho, Wo = 1 + (H - ph) // s, 1 + (W - pw) // s
    out = np.zeros((N, C, Ho, Wo))
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    total = 0.0
                    for a in range(ph):
                        for b in range(pw):
                            total += x[n, c, i * s + a, j * s + b]
                    out[n, c, i, j] = total / (ph * pw)
    return out, (x.shape, ph, pw, s)


def avg_pool_backward(dout, cache):
    shape, ph, pw, s = cache
    dx = np.zeros(shape)
    N, C, Ho, Wo = dout.shape
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    for a in range(ph):
                        for b in range(pw):
                            dx[n, c, i * s + a, j * s + b] += dout[n, c, i, j] / (ph * pw)
    return dx
