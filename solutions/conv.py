"""Reference: a convolutional layer's forward and backward pass, CS231n conventions.

x (N, C, H, W) is zero-padded by `pad` on all four sides to xp; filters w (F, C, HH, WW)
slide over xp with step `stride`, giving Ho = 1 + (H + 2 pad - HH) // stride rows and
Wo = 1 + (W + 2 pad - WW) // stride columns (floor). As in every deep-learning
library this is a cross-correlation, the kernel is not flipped:
    out[n, f, i, j] = b[f] + sum_{c, a, e} xp[n, c, i*stride + a, j*stride + e] * w[f, c, a, e]

Backward, with the window view P[n, c, i, j, a, e] = xp[n, c, i*stride + a, j*stride + e]:
    db[f]          = sum_{n, i, j} dout[n, f, i, j]
    dw[f, c, a, e] = sum_{n, i, j} dout[n, f, i, j] * P[n, c, i, j, a, e]
    dxp[n, c, i*stride + a, j*stride + e] += sum_f dout[n, f, i, j] * w[f, c, a, e]
and dx is dxp with the padding cut off again.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _pad(x, pad):
    return np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))


def _windows(xp, HH, WW, stride):
    """(N, C, Ho, Wo, HH, WW) view of every receptive field."""
    return sliding_window_view(xp, (HH, WW), axis=(2, 3))[:, :, ::stride, ::stride]


def conv_forward_naive(x, w, b, conv_param):
    stride, pad = conv_param["stride"], conv_param["pad"]
    _, _, HH, WW = w.shape
    xp = _pad(x, pad)
    out = np.einsum("ncijae,fcae->nfij", _windows(xp, HH, WW, stride), w)
    out = out + b[None, :, None, None]
    cache = (x, w, b, conv_param)
    return out, cache


def conv_backward_naive(dout, cache):
    x, w, _, conv_param = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    _, _, HH, WW = w.shape
    _, _, Ho, Wo = dout.shape
    xp = _pad(x, pad)

    db = dout.sum(axis=(0, 2, 3))
    dw = np.einsum("nfij,ncijae->fcae", dout, _windows(xp, HH, WW, stride))
    dxp = np.zeros_like(xp)
    rows, cols = stride * (Ho - 1) + 1, stride * (Wo - 1) + 1
    for a in range(HH):
        for e in range(WW):
            # kernel tap (a, e) of every output position lands on a strided grid of xp
            dxp[:, :, a : a + rows : stride, e : e + cols : stride] += np.einsum(
                "nfij,fc->ncij", dout, w[:, :, a, e]
            )
    dx = dxp[:, :, pad : pad + x.shape[2], pad : pad + x.shape[3]]
    return dx, dw, db
