"""Correct: im2col. Every receptive field becomes a row of a matrix, the layer is one
matrix product, and the backward pass scatters the rows back with np.add.at."""

import numpy as np


def _field_index(C, Hp, Wp, HH, WW, s, Ho, Wo):
    """Flat index into one padded example (C, Hp, Wp) of every receptive-field entry:
    shape (Ho * Wo, C * HH * WW), entries ordered like w[f].ravel()."""
    c, a, e = np.meshgrid(np.arange(C), np.arange(HH), np.arange(WW), indexing="ij")
    tap = (c * Hp * Wp + a * Wp + e).ravel()
    i, j = np.meshgrid(np.arange(Ho), np.arange(Wo), indexing="ij")
    start = (i * s * Wp + j * s).ravel()
    return start[:, None] + tap[None, :]


def conv_forward_naive(x, w, b, conv_param):
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    s, p = conv_param["stride"], conv_param["pad"]
    Hp, Wp = H + 2 * p, W + 2 * p
    Ho, Wo = 1 + (Hp - HH) // s, 1 + (Wp - WW) // s
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p))).reshape(N, -1)
    idx = _field_index(C, Hp, Wp, HH, WW, s, Ho, Wo)
    cols = xp[:, idx]  # (N, Ho*Wo, C*HH*WW)
    out = cols @ w.reshape(F, -1).T + b  # (N, Ho*Wo, F)
    out = out.transpose(0, 2, 1).reshape(N, F, Ho, Wo)
    return out, (x.shape, w, cols, idx, p)


def conv_backward_naive(dout, cache):
    (N, C, H, W), w, cols, idx, p = cache
    F = w.shape[0]
    d = dout.reshape(N, F, -1).transpose(0, 2, 1)  # (N, Ho*Wo, F)
    db = d.sum(axis=(0, 1))
    dw = np.einsum("npf,npk->fk", d, cols).reshape(w.shape)
    dcols = d @ w.reshape(F, -1)  # (N, Ho*Wo, C*HH*WW)
    dxp = np.zeros((N, C * (H + 2 * p) * (W + 2 * p)))
    n = np.arange(N)[:, None, None]
    np.add.at(dxp, (n, idx[None]), dcols)
    dxp = dxp.reshape(N, C, H + 2 * p, W + 2 * p)
    return dxp[:, :, p : p + H, p : p + W], dw, db
