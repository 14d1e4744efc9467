"""Mistake: dw is returned as the (F, C*HH*WW) matrix the product gives.

verdict: wrong_shape
diagnosis: dw left in matrix form
"""

import numpy as np


def _sizes(H, W, HH, WW, stride, pad):
    return (H + 2 * pad - HH) // stride + 1, (W + 2 * pad - WW) // stride + 1


def im2col(x, HH, WW, stride, pad):
    N, C, H, W = x.shape
    Ho, Wo = _sizes(H, W, HH, WW, stride, pad)
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    cols = np.empty((C, HH, WW, N, Ho, Wo))
    for a in range(HH):
        for e in range(WW):
            tap = xp[:, :, a : a + stride * Ho : stride, e : e + stride * Wo : stride]
            cols[:, a, e] = tap.transpose(1, 0, 2, 3)
    return cols.reshape(C * HH * WW, N * Ho * Wo)


def col2im(cols, x_shape, HH, WW, stride, pad):
    N, C, H, W = x_shape
    Ho, Wo = _sizes(H, W, HH, WW, stride, pad)
    blocks = cols.reshape(C, HH, WW, N, Ho, Wo)
    dxp = np.zeros((N, C, H + 2 * pad, W + 2 * pad))
    for a in range(HH):
        for e in range(WW):
            rows = slice(a, a + stride * Ho, stride)
            columns = slice(e, e + stride * Wo, stride)
            dxp[:, :, rows, columns] += blocks[:, a, e].transpose(1, 0, 2, 3)
    return dxp[:, :, pad : pad + H, pad : pad + W]


def conv_forward_im2col(x, w, b, conv_param):
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    Ho, Wo = _sizes(H, W, HH, WW, stride, pad)
    cols = im2col(x, HH, WW, stride, pad)
    out = w.reshape(F, -1) @ cols + b[:, None]
    out = out.reshape(F, N, Ho, Wo).transpose(1, 0, 2, 3)
    return out, (x.shape, w, cols, stride, pad)


def conv_backward_im2col(dout, cache):
    x_shape, w, cols, stride, pad = cache
    F = w.shape[0]
    dout2 = dout.transpose(1, 0, 2, 3).reshape(F, -1)
    db = dout2.sum(axis=1)
    dw = dout2 @ cols.T
    dcols = w.reshape(F, -1).T @ dout2
    dx = col2im(dcols, x_shape, w.shape[2], w.shape[3], stride, pad)
    return dx, dw, db
