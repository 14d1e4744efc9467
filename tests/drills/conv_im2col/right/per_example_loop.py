"""Correct, written one image at a time as many candidates first do: a loop over the
N examples builds each image's columns with loops over the kernel taps, multiplies them
by the filter matrix, and the backward scatters each image's gradient back the same
way. Only N * HH * WW Python iterations, so it stays fast."""

import numpy as np


def _out_size(size, k, stride, pad):
    return (size + 2 * pad - k) // stride + 1


def _image_cols(xp_n, HH, WW, stride, Ho, Wo):
    C = xp_n.shape[0]
    cols = np.zeros((C, HH, WW, Ho, Wo))
    for a in range(HH):
        for e in range(WW):
            cols[:, a, e] = xp_n[:, a : a + stride * Ho : stride, e : e + stride * Wo : stride]
    return cols.reshape(C * HH * WW, Ho * Wo)


def im2col(x, HH, WW, stride, pad):
    N, C, H, W = x.shape
    Ho, Wo = _out_size(H, HH, stride, pad), _out_size(W, WW, stride, pad)
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    return np.hstack([_image_cols(xp[n], HH, WW, stride, Ho, Wo) for n in range(N)])


def col2im(cols, x_shape, HH, WW, stride, pad):
    N, C, H, W = x_shape
    Ho, Wo = _out_size(H, HH, stride, pad), _out_size(W, WW, stride, pad)
    dx = np.zeros(x_shape)
    for n in range(N):
        block = cols[:, n * Ho * Wo : (n + 1) * Ho * Wo].reshape(C, HH, WW, Ho, Wo)
        dxp = np.zeros((C, H + 2 * pad, W + 2 * pad))
        for a in range(HH):
            for e in range(WW):
                dxp[:, a : a + stride * Ho : stride, e : e + stride * Wo : stride] += block[:, a, e]
        dx[n] = dxp[:, pad : pad + H, pad : pad + W]
    return dx


def conv_forward_im2col(x, w, b, conv_param):
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    Ho, Wo = _out_size(H, HH, stride, pad), _out_size(W, WW, stride, pad)
    cols = im2col(x, HH, WW, stride, pad)
    w_row = w.reshape(F, -1)
    out = np.zeros((N, F, Ho, Wo))
    for n in range(N):
        image_cols = cols[:, n * Ho * Wo : (n + 1) * Ho * Wo]
        out[n] = (w_row @ image_cols + b[:, None]).reshape(F, Ho, Wo)
    return out, (x, w, cols, conv_param)


def conv_backward_im2col(dout, cache):
    x, w, cols, conv_param = cache
    N, F, Ho, Wo = dout.shape
    w_row = w.reshape(F, -1)
    dw_row = np.zeros_like(w_row)
    dcols = np.zeros_like(cols)
    for n in range(N):
        dout_n = dout[n].reshape(F, Ho * Wo)
        image = slice(n * Ho * Wo, (n + 1) * Ho * Wo)
        dw_row += dout_n @ cols[:, image].T
        dcols[:, image] = w_row.T @ dout_n
    dx = col2im(dcols, x.shape, w.shape[2], w.shape[3], conv_param["stride"], conv_param["pad"])
    return dx, dw_row.reshape(w.shape), dout.sum(axis=(0, 2, 3))
