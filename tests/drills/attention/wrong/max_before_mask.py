"""Mistake: the row max is subtracted before masking, so a masked key with a huge score sets it.

verdict: wrong_answer
diagnosis: row max taken before the mask
"""

import numpy as np


def attention_forward(q, k, v, mask=None):
    d = q.shape[-1]
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(d)
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    if mask is not None:
        e = np.where(mask, e, 0.0)
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
