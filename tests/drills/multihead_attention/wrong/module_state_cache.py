"""Mistake: the forward keeps what the backward needs in a module-level dict and
returns an empty cache; after two forwards, the first backward uses the second's
values (or fails on their shape).

verdict: wrong_answer
diagnosis: state kept outside the cache
"""

import numpy as np

_saved = {}


def split_heads(z, h):
    B, T, D = z.shape
    return z.reshape(B, T, h, D // h).transpose(0, 2, 1, 3)


def merge_heads(z):
    B, h, T, dk = z.shape
    return z.transpose(0, 2, 1, 3).reshape(B, T, h * dk)


def mha_forward(x, Wq, Wk, Wv, Wo, h, causal=False):
    B, T, D = x.shape
    q, k, v = (split_heads(x @ W, h) for W in (Wq, Wk, Wv))
    s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(D // h)
    if causal:
        s = np.where(np.tril(np.ones((T, T), dtype=bool)), s, -np.inf)
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    w = e / e.sum(axis=-1, keepdims=True)
    merged = merge_heads(w @ v)
    _saved.update(x=x, W=(Wq, Wk, Wv, Wo), q=q, k=k, v=v, w=w, merged=merged)
    return merged @ Wo, None


def mha_backward(dout, cache):
    x, (Wq, Wk, Wv, Wo) = _saved["x"], _saved["W"]
    q, k, v, w, merged = (_saved[n] for n in ("q", "k", "v", "w", "merged"))
    h, dk = q.shape[1], q.shape[3]
    dWo = np.einsum("btd,bte->de", merged, dout)
    da = split_heads(dout @ Wo.T, h)
    dv = w.transpose(0, 1, 3, 2) @ da
    dw = da @ v.transpose(0, 1, 3, 2)
    ds = w * (dw - (dw * w).sum(axis=-1, keepdims=True))
    dQ = merge_heads(ds @ k / np.sqrt(dk))
    dK = merge_heads(ds.transpose(0, 1, 3, 2) @ q / np.sqrt(dk))
    dV = merge_heads(dv)
    grads = [np.einsum("btd,bte->de", x, g) for g in (dQ, dK, dV)]
    dx = dQ @ Wq.T + dK @ Wk.T + dV @ Wv.T
    return dx, *grads, dWo
