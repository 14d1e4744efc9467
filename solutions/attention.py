"""Reference: scaled dot-product attention, forward and backward, batched.

q (B, Tq, d), k (B, Tk, d), v (B, Tk, dv); mask None or boolean, broadcastable to
(B, Tq, Tk), True where a query may attend to a key (PyTorch's
F.scaled_dot_product_attention convention):
    s   = q k^T / sqrt(d)                     (B, Tq, Tk); k^T swaps k's last two axes
    s   = -inf where the mask is False
    w   = softmax(s) over the keys (last axis), with each row's max subtracted first;
          a row whose mask is all False gets w = 0 (PyTorch gives NaN there)
    out = w v                                 (B, Tq, dv)

Backward, with dw = dout v^T:
    dv = w^T dout
    ds = w * (dw - sum_j dw * w)              (the softmax's Jacobian, row by row)
    dq = ds k / sqrt(d),  dk = ds^T q / sqrt(d)
"""

import numpy as np


def attention_forward(q, k, v, mask=None):
    d = q.shape[-1]
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(d)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    row_max = scores.max(axis=-1, keepdims=True)
    row_max = np.where(np.isfinite(row_max), row_max, 0.0)  # a fully masked row
    e = np.exp(scores - row_max)  # exp(-inf) = 0 at masked keys
    total = e.sum(axis=-1, keepdims=True)
    w = e / np.where(total > 0, total, 1.0)  # a fully masked row stays all zeros
    out = w @ v
    return out, (q, k, v, w)


def attention_backward(dout, cache):
    q, k, v, w = cache
    scale = 1.0 / np.sqrt(q.shape[-1])
    dv = np.swapaxes(w, -1, -2) @ dout
    dw = dout @ np.swapaxes(v, -1, -2)
    ds = w * (dw - (dw * w).sum(axis=-1, keepdims=True))
    dq = ds @ k * scale
    dk = np.swapaxes(ds, -1, -2) @ q * scale
    return dq, dk, dv
