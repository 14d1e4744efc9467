"""Correct: six explicit loops, keeping the position of each window's maximum."""

import numpy as np


def max_pool_forward(x, pool_param):
    N, C, H, W = x.shape
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    Ho, Wo = 1 + (H - ph) // s, 1 + (W - pw) // s
    out = np.empty((N, C, Ho, Wo))
    winners = np.empty((N, C, Ho, Wo, 2), dtype=int)
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    best, where = -np.inf, (i * s, j * s)
                    for a in range(ph):
                        for b in range(pw):
                            v = x[n, c, i * s + a, j * s + b]
                            if v > best:
                                best, where = v, (i * s + a, j * s + b)
                    out[n, c, i, j] = best
                    winners[n, c, i, j] = where
    return out, (x.shape, winners)


def max_pool_backward(dout, cache):
    shape, winners = cache
    dx = np.zeros(shape)
    N, C, Ho, Wo = dout.shape
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    r, q = winners[n, c, i, j]
                    dx[n, c, r, q] += dout[n, c, i, j]
    return dx
