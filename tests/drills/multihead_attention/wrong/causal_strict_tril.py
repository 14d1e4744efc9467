"""Mistake: builds the causal mask with np.tril(..., k=-1), which also blocks the
diagonal: no token attends to itself, and the first token, with nothing left to
attend to, gets NaN.

verdict: wrong_answer
diagnosis: causal mask without the diagonal
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
    q = split_heads(x @ Wq, h)
    k = split_heads(x @ Wk, h)
    v = split_heads(x @ Wv, h)
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(dk)
    if causal:
        mask = np.tril(np.ones((T, T), dtype=bool), k=-1)
        scores = np.where(mask, scores, -np.inf)
    scores = scores - scores.max(axis=-1, keepdims=True)
    e = np.exp(scores)
    w = e / e.sum(axis=-1, keepdims=True)
    merged = merge_heads(w @ v)
    out = merged @ Wo
    return out, (x, Wq, Wk, Wv, Wo, q, k, v, w, merged)


def mha_backward(dout, cache):
    x, Wq, Wk, Wv, Wo, q, k, v, w, merged = cache
    B, T, D = x.shape
    h, dk = q.shape[1], q.shape[3]
    dWo = merged.reshape(-1, D).T @ dout.reshape(-1, D)
    da = split_heads(dout @ Wo.T, h)
    dv = w.transpose(0, 1, 3, 2) @ da
    dw = da @ v.transpose(0, 1, 3, 2)
    ds = w * (dw - (dw * w).sum(axis=-1, keepdims=True))
    dq = ds @ k / np.sqrt(dk)
    dk_ = ds.transpose(0, 1, 3, 2) @ q / np.sqrt(dk)
    dQ, dK, dV = merge_heads(dq), merge_heads(dk_), merge_heads(dv)
    X = x.reshape(-1, D)
    dWq = X.T @ dQ.reshape(-1, D)
    dWk = X.T @ dK.reshape(-1, D)
    dWv = X.T @ dV.reshape(-1, D)
    dx = dQ @ Wq.T + dK @ Wk.T + dV @ Wv.T
    return dx, dWq, dWk, dWv, dWo
