"""Correct: average pooling is separable, out = A_h @ x @ A_w.T per (n, c), where row i of
A_h holds 1/ph over columns i*s .. i*s+ph-1; the backward pass is the transposed map."""

import numpy as np


def _averaging_matrix(size, pool, stride):
    count = 1 + (size - pool) // stride
    A = np.zeros((count, size))
    for i in range(count):
        A[i, i * stride : i * stride + pool] = 1.0 / pool
    return A


def avg_pool_forward(x, pool_param):
    _, _, H, W = x.shape
    s = pool_param["stride"]
    A_h = _averaging_matrix(H, pool_param["pool_height"], s)
    A_w = _averaging_matrix(W, pool_param["pool_width"], s)
    out = np.einsum("ih,nchw,jw->ncij", A_h, x, A_w)
    return out, (A_h, A_w)


def avg_pool_backward(dout, cache):
    A_h, A_w = cache
    return np.einsum("ih,ncij,jw->nchw", A_h, dout, A_w)
