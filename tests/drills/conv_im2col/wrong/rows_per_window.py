"""Mistake: cols is built the other way round, one ROW per window, (N*Ho*Wo, C*HH*WW),
as several tutorials do (then out = cols @ w.reshape(F, -1).T). The layer is right,
but this drill's cols has one COLUMN per window, as on the cheatsheet; the shape
message says so.

verdict: wrong_shape
diagnosis: im2col with one row per window
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _sizes(H, W, HH, WW, stride, pad):
    return (H + 2 * pad - HH) // stride + 1, (W + 2 * pad - WW) // stride + 1


def im2col(x, HH, WW, stride, pad):
    N, C, H, W = x.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    windows = sliding_window_view(xp, (HH, WW), axis=(2, 3))[:, :, ::stride, ::stride]
    # (N, Ho, Wo, C, HH, WW): one row per window
    return windows.transpose(0, 2, 3, 1, 4, 5).reshape(-1, C * HH * WW)


def col2im(cols, x_shape, HH, WW, stride, pad):
    N, C, H, W = x_shape
    Ho, Wo = _sizes(H, W, HH, WW, stride, pad)
    blocks = cols.reshape(N, Ho, Wo, C, HH, WW)
    dxp = np.zeros((N, C, H + 2 * pad, W + 2 * pad))
    for a in range(HH):
        for e in range(WW):
            tap = blocks[:, :, :, :, a, e].transpose(0, 3, 1, 2)
            dxp[:, :, a : a + stride * Ho : stride, e : e + stride * Wo : stride] += tap
    return dxp[:, :, pad : pad + H, pad : pad + W]


def conv_forward_im2col(x, w, b, conv_param):
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    Ho, Wo = _sizes(H, W, HH, WW, stride, pad)
    cols = im2col(x, HH, WW, stride, pad)
    out = cols @ w.reshape(F, -1).T + b  # (N*Ho*Wo, F)
    return out.reshape(N, Ho, Wo, F).transpose(0, 3, 1, 2), (x.shape, w, cols, stride, pad)


def conv_backward_im2col(dout, cache):
    x_shape, w, cols, stride, pad = cache
    F, C, HH, WW = w.shape
    dout2 = dout.transpose(0, 2, 3, 1).reshape(-1, F)  # (N*Ho*Wo, F)
    dw = (dout2.T @ cols).reshape(w.shape)
    dcols = dout2 @ w.reshape(F, -1)
    return col2im(dcols, x_shape, HH, WW, stride, pad), dw, dout2.sum(axis=0)
