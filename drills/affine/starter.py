"""Affine (fully connected) layer: forward and backward (drill: affine).

Write both functions with numpy only, then run `drill check`.
"""

import numpy as np


def affine_forward(x, w, b):
    """Fully connected layer.

    x: shape (N, d1, ..., dk); each example is flattened (row-major) to D = d1 * ... * dk values.
    w: shape (D, M); b: shape (M,).

    Returns (out, cache): out = x.reshape(N, D) @ w + b, shape (N, M); cache is whatever
    your backward needs. Must not modify x, w or b (not even their shape).
    """
    raise NotImplementedError("affine_forward is not implemented yet")


def affine_backward(dout, cache):
    """Gradients of affine_forward.

    dout: shape (N, M), upstream gradient; cache: from your affine_forward.
    Returns (dx, dw, db) with shapes x.shape (N, d1, ..., dk), (D, M) and (M,).
    Must not modify dout.
    """
    raise NotImplementedError("affine_backward is not implemented yet")
