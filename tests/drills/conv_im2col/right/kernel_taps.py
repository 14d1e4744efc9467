"""Correct, with loops where they are natural: one loop over the HH x WW kernel taps
fills C rows of cols at a time from a strided slice of the padded input, and col2im
adds each tap's rows back onto the same strided slice."""

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
            dxp[:, :, a : a + stride * Ho : stride, e : e + stride * Wo : stride] += blocks[
                :, a, e
            ].transpose(1, 0, 2, 3)
    return dxp[:, :, pad : pad + H, pad : pad + W]


def conv_forward_im2col(x, w, b, conv_param):
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    Ho, Wo = _sizes(H, W, HH, WW, stride, pad)
    cols = im2col(x, HH, WW, stride, pad)
    out = (w.reshape(F, -1) @ cols).reshape(F, N, Ho, Wo)
    out = out.transpose(1, 0, 2, 3) + b.reshape(1, F, 1, 1)
    return out, (x.shape, w, cols, stride, pad)


def conv_backward_im2col(dout, cache):
    x_shape, w, cols, stride, pad = cache
    F, C, HH, WW = w.shape
    dout2 = dout.transpose(1, 0, 2, 3).reshape(F, -1)
    db = dout2.sum(axis=1)
    dw = (dout2 @ cols.T).reshape(F, C, HH, WW)
    dx = col2im(w.reshape(F, -1).T @ dout2, x_shape, HH, WW, stride, pad)
    return dx, dw, db
