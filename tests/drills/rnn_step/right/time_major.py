"""Correct: the sequence is worked time-major, (T, N, ...), the step caches the
pre-activation and the backward recomputes tanh's derivative from it as
1 / cosh(a)**2."""

import numpy as np


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    a = np.dot(x, Wx) + np.dot(prev_h, Wh) + b
    return np.tanh(a), [x.copy(), prev_h.copy(), Wx, Wh, a]


def rnn_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, a = cache
    da = dnext_h / np.cosh(a) ** 2
    return np.dot(da, Wx.T), np.dot(da, Wh.T), np.dot(x.T, da), np.dot(prev_h.T, da), da.sum(0)


def rnn_forward(x, h0, Wx, Wh, b):
    xs = np.transpose(x, (1, 0, 2))  # (T, N, D)
    hs = np.empty((xs.shape[0], h0.shape[0], h0.shape[1]))
    caches = []
    h = h0
    for t, xt in enumerate(xs):
        h, c = rnn_step_forward(xt, h, Wx, Wh, b)
        hs[t] = h
        caches.append(c)
    return np.transpose(hs, (1, 0, 2)).copy(), caches


def rnn_backward(dh, cache):
    dhs = np.transpose(dh, (1, 0, 2))  # (T, N, H)
    T = dhs.shape[0]
    grads = [None] * T
    carry = np.zeros_like(dhs[0])
    totals = None
    for t in range(T - 1, -1, -1):
        dxt, carry, *wgrads = rnn_step_backward(dhs[t] + carry, cache[t])
        grads[t] = dxt
        totals = wgrads if totals is None else [s + g for s, g in zip(totals, wgrads, strict=True)]
    dx = np.transpose(np.stack(grads), (1, 0, 2))
    return (dx, carry, *totals)
