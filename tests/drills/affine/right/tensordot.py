"""Correct: reshape w to the example's shape instead of flattening x, and contract
over the trailing axes with tensordot."""

import numpy as np


def affine_forward(x, w, b):
    feature_shape = x.shape[1:]
    w_full = w.reshape(*feature_shape, w.shape[1])
    out = np.tensordot(x, w_full, axes=len(feature_shape)) + b
    return out, (x, w_full)


def affine_backward(dout, cache):
    x, w_full = cache
    k = x.ndim - 1
    dx = np.tensordot(dout, w_full, axes=([1], [k]))
    batch_axes = ([0], [0])
    dw = np.tensordot(x, dout, axes=batch_axes).reshape(-1, dout.shape[1])
    db = dout.sum(axis=0)
    return dx, dw, db
