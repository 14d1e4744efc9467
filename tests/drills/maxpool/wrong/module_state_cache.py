"""Mistake: the forward saves x and pool_param in module-level variables and
returns no cache; the backward routes dout with whatever was saved last. One
forward-backward pair is right; after a second forward (a second pooling layer),
the first backward routes its gradient to the second input's maxima.

verdict: wrong_answer
diagnosis: state kept outside the cache
"""

import numpy as np

_x = None
_param = None


def max_pool_forward(x, pool_param):
    global _x, _param
    _x, _param = x, pool_param
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, H, W = x.shape
    Ho, Wo = 1 + (H - ph) // s, 1 + (W - pw) // s
    out = np.zeros((N, C, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            out[:, :, i, j] = x[:, :, i * s : i * s + ph, j * s : j * s + pw].max(axis=(2, 3))
    return out, None


def max_pool_backward(dout, cache):
    x, pool_param = _x, _param
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, Ho, Wo = dout.shape
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    window = x[n, c, i * s : i * s + ph, j * s : j * s + pw]
                    a, b = np.unravel_index(np.argmax(window), window.shape)
                    dx[n, c, i * s + a, j * s + b] += dout[n, c, i, j]
    return dx
