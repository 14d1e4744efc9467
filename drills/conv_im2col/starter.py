"""Fast convolution: im2col and col2im (drill: conv_im2col).

Write the four functions with numpy only, then run `drill check`. The layer must be
at least 10x faster than naive loops over (n, f, i, j): let one matrix product do the
multiply-adds (a Python loop over the HH x WW kernel taps is fine).
"""

import numpy as np


def im2col(x, HH, WW, stride, pad):
    """Copy every receptive field of x (N, C, H, W) into one column.

    x is zero-padded by `pad` on all four sides to xp; with
        Ho = 1 + (H + 2*pad - HH) // stride,  Wo = 1 + (W + 2*pad - WW) // stride,
    returns cols of shape (C*HH*WW, N*Ho*Wo) with
        cols[c*HH*WW + a*WW + e, n*Ho*Wo + i*Wo + j] = xp[n, c, i*stride + a, j*stride + e]
    (rows in (c, a, e) order, the order w.reshape(F, -1) flattens a filter in; columns
    in (n, i, j) order). Must not modify x.
    """
    raise NotImplementedError("im2col is not implemented yet")


def col2im(cols, x_shape, HH, WW, stride, pad):
    """The adjoint of im2col: send every entry of cols back where im2col copied it from.

    cols: shape (C*HH*WW, N*Ho*Wo), laid out as im2col's; x_shape: (N, C, H, W).
    Every entry is ADDED to its pixel of the padded input (windows overlap when
    stride < HH or WW), then the padding is cut off. Returns dx of shape x_shape.
    Must not modify cols.
    """
    raise NotImplementedError("col2im is not implemented yet")


def conv_forward_im2col(x, w, b, conv_param):
    """The convolutional layer of the conv drill, computed with im2col.

    x: (N, C, H, W); w: (F, C, HH, WW); b: (F,); conv_param: dict with 'stride' (>= 1)
    and 'pad' (>= 0). Cross-correlation (no kernel flip):
        out[n, f, i, j] = b[f] + sum_{c, a, e} xp[n, c, i*stride + a, j*stride + e] * w[f, c, a, e]
    Returns (out, cache): out has shape (N, F, Ho, Wo); cache is whatever your backward
    needs. Must not modify x, w or b.
    """
    raise NotImplementedError("conv_forward_im2col is not implemented yet")


def conv_backward_im2col(dout, cache):
    """Gradients of conv_forward_im2col.

    dout: shape (N, F, Ho, Wo); cache: from your conv_forward_im2col.
    Returns (dx, dw, db) with the shapes of x (unpadded), w and b.
    Must not modify dout.
    """
    raise NotImplementedError("conv_backward_im2col is not implemented yet")
