"""Correct: the way many candidates write it first, one batch element and one head
at a time, slicing each head's columns out of the weights, with scalar loops for
the softmax and its backward."""

import math

import numpy as np


def mha_forward(x, Wq, Wk, Wv, Wo, h, causal=False):
    B, T, D = x.shape
    dk = D // h
    Q, K, V = x @ Wq, x @ Wk, x @ Wv
    merged = np.zeros((B, T, D))
    weights = np.zeros((B, h, T, T))
    for b in range(B):
        for i in range(h):
            cols = slice(i * dk, (i + 1) * dk)
            q, k, v = Q[b][:, cols], K[b][:, cols], V[b][:, cols]
            for t in range(T):
                keys = range(t + 1) if causal else range(T)
                s = [float(q[t] @ k[j]) / math.sqrt(dk) for j in keys]
                top = max(s)
                e = [math.exp(sj - top) for sj in s]
                total = sum(e)
                for j, ej in zip(keys, e, strict=True):
                    weights[b, i, t, j] = ej / total
                    merged[b, t, cols] += weights[b, i, t, j] * v[j]
    out = merged @ Wo
    weights_in = (Wq.copy(), Wk.copy(), Wv.copy(), Wo.copy())
    cache = {"x": x.copy(), "W": weights_in, "Q": Q, "K": K, "V": V}
    cache.update(w=weights, merged=merged, h=h)
    return out, cache


def mha_backward(dout, cache):
    x, (Wq, Wk, Wv, Wo) = cache["x"], cache["W"]
    Q, K, V, weights, merged, h = (cache[n] for n in ("Q", "K", "V", "w", "merged", "h"))
    B, T, D = x.shape
    dk = D // h
    dWo = np.zeros((D, D))
    for b in range(B):
        dWo += merged[b].T @ dout[b]
    dmerged = dout @ Wo.T
    dQ, dK, dV = np.zeros_like(Q), np.zeros_like(K), np.zeros_like(V)
    for b in range(B):
        for i in range(h):
            cols = slice(i * dk, (i + 1) * dk)
            q, k, v = Q[b][:, cols], K[b][:, cols], V[b][:, cols]
            w = weights[b, i]
            da = dmerged[b][:, cols]
            dV[b][:, cols] += w.T @ da
            dw = da @ v.T
            for t in range(T):
                row = float(dw[t] @ w[t])
                for j in range(T):
                    ds = w[t, j] * (dw[t, j] - row)
                    dQ[b, t, cols] += ds * k[j] / math.sqrt(dk)
                    dK[b, j, cols] += ds * q[t] / math.sqrt(dk)
    dWq, dWk, dWv = np.zeros((D, D)), np.zeros((D, D)), np.zeros((D, D))
    for b in range(B):
        dWq += x[b].T @ dQ[b]
        dWk += x[b].T @ dK[b]
        dWv += x[b].T @ dV[b]
    dx = dQ @ Wq.T
    dx += dK @ Wk.T
    dx += dV @ Wv.T
    return dx, dWq, dWk, dWv, dWo
