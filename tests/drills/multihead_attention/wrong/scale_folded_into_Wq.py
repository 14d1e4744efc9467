"""Mistake: folds the 1/sqrt(d_k) scale into the query weights in place
(Wq /= sqrt(d_k)), changing the caller's Wq.

verdict: wrong_answer
"""

import numpy as np


def split_heads(z, h):
    B, T, D = z.shape
    return z.reshape(B, T, h, D // h).transpose(0, 2, 1, 3)


def merge_heads(z):
    B, h, T, dk = z.shape
    return z.transpose(0, 2, 1, 3).reshape(B, T, h * dk)


def mha_forward(x, Wq, Wk, Wv, Wo, h, causal=False):
    B, T, D = x.shape
    dk = D // h
    Wq /= np.sqrt(dk)  # scaled queries: no division of the scores needed
    q, k, v = (split_heads(x @ W, h) for W in (Wq, Wk, Wv))
    s = q @ k.transpose(0, 1, 3, 2)
    if causal:
        s = np.where(np.tril(np.ones((T, T), dtype=bool)), s, -np.inf)
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    w = e / e.sum(axis=-1, keepdims=True)
    merged = merge_heads(w @ v)
    return merged @ Wo, (x, Wq, Wk, Wv, Wo, q, k, v, w, merged)


def mha_backward(dout, cache):
    x, Wq, Wk, Wv, Wo, q, k, v, w, merged = cache
    h = q.shape[1]
    dWo = np.einsum("btd,bte->de", merged, dout)
    da = split_heads(dout @ Wo.T, h)
    dv = w.transpose(0, 1, 3, 2) @ da
    dw = da @ v.transpose(0, 1, 3, 2)
    ds = w * (dw - (dw * w).sum(axis=-1, keepdims=True))
    dQ = merge_heads(ds @ k)
    dK = merge_heads(ds.transpose(0, 1, 3, 2) @ q)
    dV = merge_heads(dv)
    dWq, dWk, dWv = (np.einsum("btd,bte->de", x, g) for g in (dQ, dK, dV))
    return dQ @ Wq.T + dK @ Wk.T + dV @ Wv.T, dWq, dWk, dWv, dWo
