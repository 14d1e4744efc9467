"""Mistake: loops over the heads and places each head's output at its own columns,
but slices the projections with [:, :d_k] for every head, so every head gets the
same queries, keys and values and computes the same thing.

verdict: wrong_answer
diagnosis: every head uses the same slice of the weights
"""

import numpy as np


def _softmax(s):
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def mha_forward(x, Wq, Wk, Wv, Wo, h, causal=False):
    B, T, D = x.shape
    dk = D // h
    merged = np.zeros((B, T, D))
    heads = []
    for i in range(h):
        q = x @ Wq[:, :dk]
        k = x @ Wk[:, :dk]
        v = x @ Wv[:, :dk]
        s = q @ k.transpose(0, 2, 1) / np.sqrt(dk)
        if causal:
            s = np.where(np.tril(np.ones((T, T), dtype=bool)), s, -np.inf)
        w = _softmax(s)
        merged[:, :, i * dk : (i + 1) * dk] = w @ v
        heads.append((q, k, v, w))
    return merged @ Wo, (x, Wq, Wk, Wv, Wo, heads, merged)


def mha_backward(dout, cache):
    x, Wq, Wk, Wv, Wo, heads, merged = cache
    B, T, D = x.shape
    h = len(heads)
    dk = D // h
    dWo = np.einsum("btd,bte->de", merged, dout)
    dmerged = dout @ Wo.T
    dx = np.zeros_like(x)
    dWq, dWk, dWv = np.zeros((D, D)), np.zeros((D, D)), np.zeros((D, D))
    for i, (q, k, v, w) in enumerate(heads):
        da = dmerged[:, :, i * dk : (i + 1) * dk]
        dv = w.transpose(0, 2, 1) @ da
        dw = da @ v.transpose(0, 2, 1)
        ds = w * (dw - (dw * w).sum(axis=-1, keepdims=True))
        dq = ds @ k / np.sqrt(dk)
        dkk = ds.transpose(0, 2, 1) @ q / np.sqrt(dk)
        dWq[:, :dk] += np.einsum("btd,bte->de", x, dq)
        dWk[:, :dk] += np.einsum("btd,bte->de", x, dkk)
        dWv[:, :dk] += np.einsum("btd,bte->de", x, dv)
        dx += dq @ Wq[:, :dk].T + dkk @ Wk[:, :dk].T + dv @ Wv[:, :dk].T
    return dx, dWq, dWk, dWv, dWo
