"""Correct: loops over the HH x WW kernel taps only; each tap is one einsum over a
strided slice of the padded input, and the backward pass mirrors it."""

import numpy as np


def conv_forward_naive(x, w, b, conv_param):
    s, p = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    Ho, Wo = 1 + (H + 2 * p - HH) // s, 1 + (W + 2 * p - WW) // s
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    out = np.zeros((N, F, Ho, Wo)) + b.reshape(1, F, 1, 1)
    for a in range(HH):
        for e in range(WW):
            tap = xp[:, :, a : a + s * (Ho - 1) + 1 : s, e : e + s * (Wo - 1) + 1 : s]
            out += np.einsum("ncij,fc->nfij", tap, w[:, :, a, e])
    return out, (xp, w, s, p)


def conv_backward_naive(dout, cache):
    xp, w, s, p = cache
    _, _, HH, WW = w.shape
    _, _, Ho, Wo = dout.shape
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    for a in range(HH):
        for e in range(WW):
            rows = slice(a, a + s * (Ho - 1) + 1, s)
            cols = slice(e, e + s * (Wo - 1) + 1, s)
            dw[:, :, a, e] = np.einsum("nfij,ncij->fc", dout, xp[:, :, rows, cols])
            dxp[:, :, rows, cols] += np.einsum("nfij,fc->ncij", dout, w[:, :, a, e])
    H, W = xp.shape[2] - 2 * p, xp.shape[3] - 2 * p
    return dxp[:, :, p : p + H, p : p + W], dw, dout.sum(axis=(0, 2, 3))
