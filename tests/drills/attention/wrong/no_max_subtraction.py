"""Mistake: exp of the raw scores; overflows to inf (and NaN) for large scores.

verdict: wrong_answer
diagnosis: no max subtraction
"""

import numpy as np


def attention_forward(q, k, v, mask=None):
    d = q.shape[-1]
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(d)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    e = np.exp(scores)
    total = e.sum(axis=-1, keepdims=True)
    w = e / np.where(total > 0, total, 1.0)
    return w @ v, (q, k, v, w)


def attention_backward(dout, cache):
    q, k, v, w = cache
    d = q.shape[-1]
    dv = w.transpose(0, 2, 1) @ dout
    dw = dout @ v.transpose(0, 2, 1)
    ds = w * (dw - (dw * w).sum(axis=-1, keepdims=True))
    dq = ds @ k / np.sqrt(d)
    dk = ds.transpose(0, 2, 1) @ q / np.sqrt(d)
    return dq, dk, dv
