"""Correct: every example of the batch handled on its own with np.outer for the weight
gradients, and the sequence built from the step functions."""

import numpy as np


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    N = x.shape[0]
    next_h = np.zeros((N, Wh.shape[0]))
    for n in range(N):
        next_h[n] = np.tanh(x[n] @ Wx + prev_h[n] @ Wh + b)
    return next_h, (x, prev_h, Wx, Wh, next_h)


def rnn_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, next_h = cache
    dx = np.zeros(x.shape)
    dprev_h = np.zeros(prev_h.shape)
    dWx, dWh, db = np.zeros(Wx.shape), np.zeros(Wh.shape), np.zeros(Wh.shape[0])
    for n in range(x.shape[0]):
        da = dnext_h[n] * (1 - next_h[n] ** 2)
        dx[n] = Wx @ da
        dprev_h[n] = Wh @ da
        dWx += np.outer(x[n], da)
        dWh += np.outer(prev_h[n], da)
        db += da
    return dx, dprev_h, dWx, dWh, db


def rnn_forward(x, h0, Wx, Wh, b):
    N, T, _ = x.shape
    h = np.zeros((N, T, Wh.shape[0]))
    caches = []
    for t in range(T):
        before = h0 if t == 0 else h[:, t - 1]
        h[:, t], step_cache = rnn_step_forward(x[:, t], before, Wx, Wh, b)
        caches.append(step_cache)
    return h, caches


def rnn_backward(dh, cache):
    N, T, H = dh.shape
    Wx = cache[0][2]
    dx = np.zeros((N, T, Wx.shape[0]))
    dWx, dWh, db = np.zeros(Wx.shape), np.zeros((H, H)), np.zeros(H)
    dh0 = np.zeros((N, H))
    for t in range(T - 1, -1, -1):
        dx[:, t], dh0, gx, gh, gb = rnn_step_backward(dh[:, t] + dh0, cache[t])
        dWx, dWh, db = dWx + gx, dWh + gh, db + gb
    return dx, dh0, dWx, dWh, db
