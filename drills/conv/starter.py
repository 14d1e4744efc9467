"""Convolution: naive forward and backward (drill: conv).

Write both functions with numpy only, then run `drill check`. Loops are fine.
"""

import numpy as np


def conv_forward_naive(x, w, b, conv_param):
    """Convolve x of shape (N, C, H, W) with filters w of shape (F, C, HH, WW).

    b: shape (F,), one bias per filter.
    conv_param: dict with 'stride' (>= 1) and 'pad' (>= 0), both required. The
    input is zero-padded by `pad` on all four sides, then
        out[n, f, i, j] = b[f] + sum_{c, a, e} xp[n, c, i*stride + a, j*stride + e] * w[f, c, a, e]
    (cross-correlation: the kernel is not flipped), with
        Ho = 1 + (H + 2*pad - HH) // stride,  Wo = 1 + (W + 2*pad - WW) // stride.

    Returns (out, cache): out has shape (N, F, Ho, Wo); cache is whatever your
    backward needs. Must not modify x, w or b.
    """
    raise NotImplementedError("conv_forward_naive is not implemented yet")


def conv_backward_naive(dout, cache):
    """Gradients of conv_forward_naive.

    dout: shape (N, F, Ho, Wo); cache: from your conv_forward_naive.
    Returns (dx, dw, db) with the shapes of x (unpadded), w and b.
    Must not modify dout.
    """
    raise NotImplementedError("conv_backward_naive is not implemented yet")
