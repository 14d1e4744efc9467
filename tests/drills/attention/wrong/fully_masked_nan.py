"""Mistake: no guard for a query with nothing to attend to: its max is -inf and its row is NaN.

verdict: wrong_answer
diagnosis: fully masked row gives NaN
"""

import numpy as np


def attention_forward(q, k, v, mask=None):
    d = q.shape[-1]
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(d)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    w = e / e.sum(axis=-1, keepdims=True)
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
