"""Mistake: the forward keeps its column matrix in a module-level variable so that
the backward can reuse it, and the backward reads it from there instead of from its
cache. One forward-backward pair is right; after a second forward (a second conv
layer), the first backward computes dw from the second layer's columns.

verdict: wrong_answer
diagnosis: state kept outside the cache
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

_cols = None


def im2col(x, HH, WW, stride, pad):
    N, C, H, W = x.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    windows = sliding_window_view(xp, (HH, WW), axis=(2, 3))[:, :, ::stride, ::stride]
    return windows.transpose(1, 4, 5, 0, 2, 3).reshape(C * HH * WW, -1)


def col2im(cols, x_shape, HH, WW, stride, pad):
    N, C, H, W = x_shape
    Ho = (H + 2 * pad - HH) // stride + 1
    Wo = (W + 2 * pad - WW) // stride + 1
    blocks = cols.reshape(C, HH, WW, N, Ho, Wo)
    dxp = np.zeros((N, C, H + 2 * pad, W + 2 * pad))
    for a in range(HH):
        for e in range(WW):
            dxp[:, :, a : a + stride * Ho : stride, e : e + stride * Wo : stride] += blocks[
                :, a, e
            ].transpose(1, 0, 2, 3)
    return dxp[:, :, pad : pad + H, pad : pad + W]


def conv_forward_im2col(x, w, b, conv_param):
    global _cols
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    _cols = im2col(x, HH, WW, stride, pad)
    out = w.reshape(F, -1) @ _cols + b[:, None]
    Ho = (H + 2 * pad - HH) // stride + 1
    Wo = (W + 2 * pad - WW) // stride + 1
    return out.reshape(F, N, Ho, Wo).transpose(1, 0, 2, 3), (x.shape, w, conv_param)


def conv_backward_im2col(dout, cache):
    x_shape, w, conv_param = cache
    F, C, HH, WW = w.shape
    dout2 = dout.transpose(1, 0, 2, 3).reshape(F, -1)
    dw = (dout2 @ _cols.T).reshape(w.shape)
    dcols = w.reshape(F, -1).T @ dout2
    dx = col2im(dcols, x_shape, HH, WW, conv_param["stride"], conv_param["pad"])
    return dx, dw, dout2.sum(axis=1)
