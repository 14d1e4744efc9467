"""Reference: a convolutional layer computed as one matrix product (im2col), CS231n
conventions, with the column layout of `drill cheatsheet layers` (im2col).

x (N, C, H, W) is zero-padded by `pad` on all four sides to xp; filters w (F, C, HH, WW)
slide over xp with step `stride`, giving Ho = 1 + (H + 2 pad - HH) // stride rows and
Wo = 1 + (W + 2 pad - WW) // stride columns (floor). Cross-correlation, no flip.

im2col copies every receptive field into one column:
    cols[(c*HH + a)*WW + e, (n*Ho + i)*Wo + j] = xp[n, c, i*stride + a, j*stride + e]
so cols is (C*HH*WW, N*Ho*Wo): rows in (c, a, e) order, the order w.reshape(F, -1)
flattens a filter in, and columns in (n, i, j) order. With W2 = w.reshape(F, -1):
    out2 = W2 @ cols + b[:, None]                     (F, N*Ho*Wo)
    out  = out2.reshape(F, N, Ho, Wo).transpose(1, 0, 2, 3)
Backward, with dout2 = dout.transpose(1, 0, 2, 3).reshape(F, -1):
    db = dout2.sum(axis=1),  dW2 = dout2 @ cols.T,  dcols = W2.T @ dout2
and dx = col2im(dcols), the adjoint of im2col: every entry of dcols is ADDED back onto
the pixel of xp it was copied from (windows overlap when stride < HH or WW), and the
padding is cut off.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _out_size(size, k, stride, pad):
    return 1 + (size + 2 * pad - k) // stride


def im2col(x, HH, WW, stride, pad):
    N, C, H, W = x.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    # (N, C, Ho, Wo, HH, WW): window (i, j) of xp, every stride-th one
    windows = sliding_window_view(xp, (HH, WW), axis=(2, 3))[:, :, ::stride, ::stride]
    # rows (c, a, e), columns (n, i, j)
    return windows.transpose(1, 4, 5, 0, 2, 3).reshape(C * HH * WW, -1)


def col2im(cols, x_shape, HH, WW, stride, pad):
    N, C, H, W = x_shape
    Ho, Wo = _out_size(H, HH, stride, pad), _out_size(W, WW, stride, pad)
    blocks = cols.reshape(C, HH, WW, N, Ho, Wo)
    dxp = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=cols.dtype)
    for a in range(HH):
        for e in range(WW):
            # tap (a, e) of every window lands on a strided grid of xp; += adds the overlaps
            rows = slice(a, a + stride * (Ho - 1) + 1, stride)
            columns = slice(e, e + stride * (Wo - 1) + 1, stride)
            dxp[:, :, rows, columns] += blocks[:, a, e].transpose(1, 0, 2, 3)
    return dxp[:, :, pad : pad + H, pad : pad + W]


def conv_forward_im2col(x, w, b, conv_param):
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    Ho, Wo = _out_size(H, HH, stride, pad), _out_size(W, WW, stride, pad)
    cols = im2col(x, HH, WW, stride, pad)
    out = w.reshape(F, -1) @ cols + b[:, None]  # (F, N*Ho*Wo)
    out = out.reshape(F, N, Ho, Wo).transpose(1, 0, 2, 3)
    cache = (x.shape, w, cols, conv_param)
    return out, cache


def conv_backward_im2col(dout, cache):
    x_shape, w, cols, conv_param = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    F, _, HH, WW = w.shape
    dout2 = dout.transpose(1, 0, 2, 3).reshape(F, -1)  # (F, N*Ho*Wo)
    db = dout2.sum(axis=1)
    dw = (dout2 @ cols.T).reshape(w.shape)
    dcols = w.reshape(F, -1).T @ dout2
    dx = col2im(dcols, x_shape, HH, WW, stride, pad)
    return dx, dw, db
