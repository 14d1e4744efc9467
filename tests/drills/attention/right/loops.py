"""Correct: one query row at a time, with explicit loops over the batch and the queries."""

import math

import numpy as np


def attention_forward(q, k, v, mask=None):
    B, Tq, d = q.shape
    Tk, dv = v.shape[1], v.shape[2]
    allowed = np.ones((B, Tq, Tk), dtype=bool)
    if mask is not None:
        allowed = np.broadcast_to(mask, (B, Tq, Tk))
    out = np.zeros((B, Tq, dv))
    w = np.zeros((B, Tq, Tk))
    for b in range(B):
        for i in range(Tq):
            keys = [j for j in range(Tk) if allowed[b, i, j]]
            if not keys:
                continue  # nothing to attend to: weights and output stay 0
            s = {j: float(q[b, i] @ k[b, j]) / math.sqrt(d) for j in keys}
            top = max(s.values())
            e = {j: math.exp(s[j] - top) for j in keys}
            total = sum(e.values())
            for j in keys:
                w[b, i, j] = e[j] / total
                out[b, i] += w[b, i, j] * v[b, j]
    return out, (q.copy(), k.copy(), v.copy(), w)


def attention_backward(dout, cache):
    q, k, v, w = cache
    B, Tq, d = q.shape
    Tk = k.shape[1]
    dq, dk, dv = np.zeros(q.shape), np.zeros(k.shape), np.zeros(v.shape)
    for b in range(B):
        for i in range(Tq):
            dw = [float(dout[b, i] @ v[b, j]) for j in range(Tk)]
            dot = sum(dw[j] * w[b, i, j] for j in range(Tk))
            for j in range(Tk):
                dv[b, j] += w[b, i, j] * dout[b, i]
                ds = w[b, i, j] * (dw[j] - dot) / math.sqrt(d)
                dq[b, i] += ds * k[b, j]
                dk[b, j] += ds * q[b, i]
    return dq, dk, dv
