"""Correct, an unusual formulation: im2col reads the windows through np.lib.stride_tricks
.as_strided, and col2im is literally im2col's transpose: im2col applied to the pixel
numbers 0, 1, 2, ... of the padded input says which pixel every entry of cols came from,
and np.bincount adds the entries of cols up per pixel."""

import numpy as np
from numpy.lib.stride_tricks import as_strided


def _im2col_padded(xp, HH, WW, stride, Ho, Wo):
    xp = np.ascontiguousarray(xp)
    N, C, _, _ = xp.shape
    sn, sc, sh, sw = xp.strides
    windows = as_strided(
        xp,
        shape=(C, HH, WW, N, Ho, Wo),
        strides=(sc, sh, sw, sn, stride * sh, stride * sw),
        writeable=False,
    )
    return windows.reshape(C * HH * WW, N * Ho * Wo)  # reshape copies: the view is strided


def _geometry(x_shape, HH, WW, stride, pad):
    N, C, H, W = x_shape
    padded = (N, C, H + 2 * pad, W + 2 * pad)
    return padded, (padded[2] - HH) // stride + 1, (padded[3] - WW) // stride + 1


def im2col(x, HH, WW, stride, pad):
    padded, Ho, Wo = _geometry(x.shape, HH, WW, stride, pad)
    xp = np.zeros(padded)
    xp[:, :, pad : pad + x.shape[2], pad : pad + x.shape[3]] = x
    return _im2col_padded(xp, HH, WW, stride, Ho, Wo)


def col2im(cols, x_shape, HH, WW, stride, pad):
    padded, Ho, Wo = _geometry(x_shape, HH, WW, stride, pad)
    pixel = np.arange(np.prod(padded)).reshape(padded)
    source = _im2col_padded(pixel, HH, WW, stride, Ho, Wo)  # where each entry came from
    total = np.bincount(source.ravel(), weights=cols.ravel(), minlength=pixel.size)
    dxp = total.reshape(padded)
    return dxp[:, :, pad : pad + x_shape[2], pad : pad + x_shape[3]].copy()


def conv_forward_im2col(x, w, b, conv_param):
    stride, pad = conv_param["stride"], conv_param["pad"]
    F, _, HH, WW = w.shape
    _, Ho, Wo = _geometry(x.shape, HH, WW, stride, pad)
    cols = im2col(x, HH, WW, stride, pad)
    out = np.einsum("fk,knij->nfij", w.reshape(F, -1), cols.reshape(-1, x.shape[0], Ho, Wo))
    out += b[None, :, None, None]
    return out, {"cols": cols, "w": w.copy(), "x_shape": x.shape, "stride": stride, "pad": pad}


def conv_backward_im2col(dout, cache):
    cols, w = cache["cols"], cache["w"]
    F, _, HH, WW = w.shape
    dout2 = np.einsum("nfij->fnij", dout).reshape(F, -1)
    db = np.einsum("fk->f", dout2)
    dw = np.tensordot(dout2, cols, axes=([1], [1])).reshape(w.shape)
    dcols = np.tensordot(w.reshape(F, -1), dout2, axes=([0], [0]))
    dx = col2im(dcols, cache["x_shape"], HH, WW, cache["stride"], cache["pad"])
    return dx, dw, db
