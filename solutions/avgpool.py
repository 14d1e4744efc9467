"""Reference: average pooling over (N, C, H, W) feature maps, CS231n conventions.

With a pool of ph x pw and stride s, output position (i, j) looks at the window
    x[n, c, i*s : i*s + ph, j*s : j*s + pw]
for i < Ho = 1 + (H - ph) // s and j < Wo = 1 + (W - pw) // s, and
    out[n, c, i, j] = (1 / (ph * pw)) * sum of that window.

Backward: every entry of the window has local derivative 1 / (ph * pw), so each
receives dout[n, c, i, j] / (ph * pw), summed over all windows that contain it
(windows overlap when s < ph or s < pw). The window entry at offset (a, b) of
output (i, j) is x[..., a + i*s, b + j*s]: for a fixed offset, all outputs reach
a strided grid of x, which one slice assignment covers.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def avg_pool_forward(x, pool_param):
    ph, pw = pool_param["pool_height"], pool_param["pool_width"]
    stride = pool_param["stride"]
    windows = sliding_window_view(x, (ph, pw), axis=(2, 3))[:, :, ::stride, ::stride]
    out = windows.mean(axis=(4, 5))
    cache = (x.shape, pool_param)
    return out, cache


def avg_pool_backward(dout, cache):
    x_shape, pool_param = cache
    ph, pw = pool_param["pool_height"], pool_param["pool_width"]
    stride = pool_param["stride"]
    _, _, Ho, Wo = dout.shape
    share = dout / (ph * pw)
    dx = np.zeros(x_shape, dtype=dout.dtype)
    rows_span, cols_span = stride * (Ho - 1) + 1, stride * (Wo - 1) + 1
    for a in range(ph):
        for b in range(pw):
            dx[:, :, a : a + rows_span : stride, b : b + cols_span : stride] += share
    return dx
