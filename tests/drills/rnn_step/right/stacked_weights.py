"""Correct: the step multiplies [x, prev_h] by the stacked matrix [[Wx], [Wh]] once, and
the backward splits the gradient of the concatenation back into its two parts."""

import numpy as np


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    xh = np.hstack([x, prev_h])  # (N, D + H)
    W = np.vstack([Wx, Wh])  # (D + H, H)
    next_h = np.tanh(xh @ W + b)
    return next_h, (xh, W, x.shape[1], next_h)


def rnn_step_backward(dnext_h, cache):
    xh, W, D, next_h = cache
    da = dnext_h * (1 - next_h) * (1 + next_h)
    dxh = da @ W.T
    dW = xh.T @ da
    return dxh[:, :D], dxh[:, D:], dW[:D], dW[D:], da.sum(axis=0)


def rnn_forward(x, h0, Wx, Wh, b):
    hs, caches = [], []
    h = h0
    for t in range(x.shape[1]):
        h, c = rnn_step_forward(x[:, t], h, Wx, Wh, b)
        hs.append(h)
        caches.append(c)
    return np.stack(hs, axis=1), caches


def rnn_backward(dh, cache):
    T = dh.shape[1]
    dxs = [None] * T
    dprev = np.zeros_like(dh[:, 0])
    sums = 0
    for t in reversed(range(T)):
        dxs[t], dprev, dWx, dWh, db = rnn_step_backward(dh[:, t] + dprev, cache[t])
        sums = sums + np.concatenate([dWx.ravel(), dWh.ravel(), db])
    D, H = dWx.shape
    dWx, dWh, db = sums[: D * H].reshape(D, H), sums[D * H : D * H + H * H].reshape(H, H), sums[-H:]
    return np.stack(dxs, axis=1), dprev, dWx, dWh, db
