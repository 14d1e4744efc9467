"""Reference: max pooling over (N, C, H, W) feature maps, CS231n conventions.

With a pool of ph x pw and stride s, output position (i, j) looks at the window
    x[n, c, i*s : i*s + ph, j*s : j*s + pw]
for i < Ho = 1 + (H - ph) // s and j < Wo = 1 + (W - pw) // s (rows and columns
that do not fill a whole window are ignored), and
    out[n, c, i, j] = max of that window.

Backward: max is locally the identity on the window's largest entry and constant
in the others, so dout[n, c, i, j] flows to that one entry. Windows overlap when
s < ph or s < pw; an entry that is the maximum of several windows receives the
SUM of their upstream gradients (np.add.at accumulates repeated indices, where a
fancy-indexed `+=` would keep only one of them).
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _windows(x, ph, pw, stride):
    """Every ph x pw window at the given stride: shape (N, C, Ho, Wo, ph, pw), a view."""
    return sliding_window_view(x, (ph, pw), axis=(2, 3))[:, :, ::stride, ::stride]


def max_pool_forward(x, pool_param):
    ph, pw = pool_param["pool_height"], pool_param["pool_width"]
    stride = pool_param["stride"]
    out = _windows(x, ph, pw, stride).max(axis=(4, 5))
    cache = (x, pool_param)
    return out, cache


def max_pool_backward(dout, cache):
    x, pool_param = cache
    ph, pw = pool_param["pool_height"], pool_param["pool_width"]
    stride = pool_param["stride"]
    N, C, Ho, Wo = dout.shape

    windows = _windows(x, ph, pw, stride).reshape(N, C, Ho, Wo, ph * pw)
    di, dj = np.unravel_index(windows.argmax(axis=4), (ph, pw))  # offsets inside each window
    n, c, i, j = np.indices((N, C, Ho, Wo))
    dx = np.zeros_like(x)
    np.add.at(dx, (n, c, i * stride + di, j * stride + dj), dout)
    return dx
