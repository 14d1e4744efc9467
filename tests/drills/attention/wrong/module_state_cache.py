"""Mistake: the forward keeps what the backward needs in a module-level variable and
returns an empty cache; after two forwards, the first backward uses the second's values.

verdict: wrong_answer
diagnosis: state kept outside the cache
"""

import numpy as np

_saved = {}


def attention_forward(q, k, v, mask=None):
    d = q.shape[-1]
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(d)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    m = scores.max(axis=-1, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    e = np.exp(scores - m)
    total = e.sum(axis=-1, keepdims=True)
    w = e / np.where(total > 0, total, 1.0)
    _saved.update(q=q, k=k, v=v, w=w)
    return w @ v, None


def attention_backward(dout, cache):
    q, k, v, w = _saved["q"], _saved["k"], _saved["v"], _saved["w"]
    d = q.shape[-1]
    dv = w.transpose(0, 2, 1) @ dout
    dw = dout @ v.transpose(0, 2, 1)
    ds = w * (dw - (dw * w).sum(axis=-1, keepdims=True))
    dq = ds @ k / np.sqrt(d)
    dk = ds.transpose(0, 2, 1) @ q / np.sqrt(d)
    return dq, dk, dv
