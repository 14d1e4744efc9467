"""Mistake: the output size is rounded up with math.ceil, so when the stride does
not divide H + 2*pad - HH the last window runs off the padded input and the fancy
index raises IndexError.

verdict: runtime_error
diagnosis: output size rounded up
"""

import math

import numpy as np


def _indices(C, H, W, HH, WW, stride, pad):
    Ho = math.ceil((H + 2 * pad - HH) / stride) + 1
    Wo = math.ceil((W + 2 * pad - WW) / stride) + 1
    # one row per filter entry (c, a, e), one column per output position (i, j)
    c = np.repeat(np.arange(C), HH * WW).reshape(-1, 1)
    a = np.tile(np.repeat(np.arange(HH), WW), C).reshape(-1, 1)
    e = np.tile(np.arange(WW), HH * C).reshape(-1, 1)
    i = stride * np.repeat(np.arange(Ho), Wo).reshape(1, -1)
    j = stride * np.tile(np.arange(Wo), Ho).reshape(1, -1)
    return c, a + i, e + j, Ho, Wo


def im2col(x, HH, WW, stride, pad):
    N, C, H, W = x.shape
    c, r, s, Ho, Wo = _indices(C, H, W, HH, WW, stride, pad)
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode="constant")
    cols = xp[:, c, r, s]  # (N, C*HH*WW, Ho*Wo)
    return cols.transpose(1, 0, 2).reshape(C * HH * WW, -1)


def col2im(cols, x_shape, HH, WW, stride, pad):
    N, C, H, W = x_shape
    c, r, s, Ho, Wo = _indices(C, H, W, HH, WW, stride, pad)
    xp = np.zeros((N, C, H + 2 * pad, W + 2 * pad))
    per_example = cols.reshape(C * HH * WW, N, Ho * Wo).transpose(1, 0, 2)
    np.add.at(xp, (slice(None), c, r, s), per_example)
    return xp[:, :, pad : pad + H, pad : pad + W]


def conv_forward_im2col(x, w, b, conv_param):
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    Ho = math.ceil((H + 2 * pad - HH) / stride) + 1
    Wo = math.ceil((W + 2 * pad - WW) / stride) + 1
    x_cols = im2col(x, HH, WW, stride, pad)
    res = w.reshape(F, -1).dot(x_cols) + b.reshape(-1, 1)
    out = res.reshape(F, N, Ho, Wo).transpose(1, 0, 2, 3)
    cache = (x, w, b, conv_param, x_cols)
    return out, cache


def conv_backward_im2col(dout, cache):
    x, w, b, conv_param, x_cols = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    F, C, HH, WW = w.shape
    db = np.sum(dout, axis=(0, 2, 3))
    dout_reshaped = dout.transpose(1, 0, 2, 3).reshape(F, -1)
    dw = dout_reshaped.dot(x_cols.T).reshape(w.shape)
    dx_cols = w.reshape(F, -1).T.dot(dout_reshaped)
    dx = col2im(dx_cols, x.shape, HH, WW, stride, pad)
    return dx, dw, db
