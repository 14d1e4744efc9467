"""Correct: an explicit d x d rotation matrix per position, applied with einsum; the
backward applies its transpose. Written into a copy of x, slice by slice."""

import numpy as np


def _matrices(pos, d, base):
    half = d // 2
    T = len(pos)
    R = np.zeros((T, d, d))
    theta = base ** (-2.0 * np.arange(half) / d)
    for t in range(T):
        a = pos[t] * theta
        i = np.arange(half)
        R[t, i, i] = np.cos(a)
        R[t, i, i + half] = -np.sin(a)
        R[t, i + half, i] = np.sin(a)
        R[t, i + half, i + half] = np.cos(a)
    return R


def rope(x, pos, base=10000.0):
    out = np.array(x, copy=True)
    out[...] = np.einsum("tij,...tj->...ti", _matrices(pos, x.shape[-1], base), x)
    return out


def rope_backward(dout, pos, base=10000.0):
    R = _matrices(pos, dout.shape[-1], base)
    return np.einsum("tji,...tj->...ti", R, dout)  # R^T dout, row by row
