"""Mistake: im2col and col2im are right, but the layer itself is still the naive
one, four loops over (n, f, i, j). Every value is right; it is as slow as the loops
this drill is about replacing.

verdict: time_limit
diagnosis: convolution looping over every output
"""

import numpy as np


def _sizes(H, W, HH, WW, stride, pad):
    return (H + 2 * pad - HH) // stride + 1, (W + 2 * pad - WW) // stride + 1


def im2col(x, HH, WW, stride, pad):
    N, C, H, W = x.shape
    Ho, Wo = _sizes(H, W, HH, WW, stride, pad)
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    cols = np.zeros((C * HH * WW, N * Ho * Wo))
    for n in range(N):
        for i in range(Ho):
            for j in range(Wo):
                window = xp[n, :, i * stride : i * stride + HH, j * stride : j * stride + WW]
                cols[:, n * Ho * Wo + i * Wo + j] = window.reshape(-1)
    return cols


def col2im(cols, x_shape, HH, WW, stride, pad):
    N, C, H, W = x_shape
    Ho, Wo = _sizes(H, W, HH, WW, stride, pad)
    dxp = np.zeros((N, C, H + 2 * pad, W + 2 * pad))
    for n in range(N):
        for i in range(Ho):
            for j in range(Wo):
                column = cols[:, n * Ho * Wo + i * Wo + j].reshape(C, HH, WW)
                dxp[n, :, i * stride : i * stride + HH, j * stride : j * stride + WW] += column
    return dxp[:, :, pad : pad + H, pad : pad + W]


def conv_forward_im2col(x, w, b, conv_param):
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    Ho, Wo = _sizes(H, W, HH, WW, stride, pad)
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = np.zeros((N, F, Ho, Wo))
    for n in range(N):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    field = xp[n, :, i * stride : i * stride + HH, j * stride : j * stride + WW]
                    out[n, f, i, j] = np.sum(field * w[f]) + b[f]
    return out, (x, w, b, conv_param)


def conv_backward_im2col(dout, cache):
    x, w, b, conv_param = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    _, _, Ho, Wo = dout.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    db = np.zeros_like(b)
    for n in range(N):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    rows = slice(i * stride, i * stride + HH)
                    cols = slice(j * stride, j * stride + WW)
                    dw[f] += dout[n, f, i, j] * xp[n, :, rows, cols]
                    dxp[n, :, rows, cols] += dout[n, f, i, j] * w[f]
                    db[f] += dout[n, f, i, j]
    return dxp[:, :, pad : pad + H, pad : pad + W], dw, db
