"""Correct: every example of the batch handled on its own, the inputs converted with
np.asarray(..., dtype=np.float64) first, each gate its own matrix slice of the
weights, np.outer for the weight gradients, tanh's derivative as 1 / cosh(u)**2, and a
sigmoid that branches on the sign so exp never sees a large positive number."""

import numpy as np


def _sigmoid(u):
    out = np.empty_like(u)
    pos = u >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-u[pos]))
    e = np.exp(u[~pos])
    out[~pos] = e / (1.0 + e)
    return out


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    x, prev_h, prev_c, Wx, Wh, b = (
        np.asarray(v, dtype=np.float64) for v in (x, prev_h, prev_c, Wx, Wh, b)
    )
    N, H = prev_h.shape
    next_h = np.zeros((N, H))
    next_c = np.zeros((N, H))
    parts = []
    for n in range(N):
        blocks = [
            x[n] @ Wx[:, k * H : (k + 1) * H]
            + prev_h[n] @ Wh[:, k * H : (k + 1) * H]
            + b[k * H : (k + 1) * H]
            for k in range(4)
        ]
        i, f, o = (_sigmoid(blk) for blk in blocks[:3])
        g = np.tanh(blocks[3])
        next_c[n] = f * prev_c[n] + i * g
        next_h[n] = o * np.tanh(next_c[n])
        parts.append((i, f, o, g, blocks))
    return next_h, next_c, (x, prev_h, prev_c, Wx, Wh, parts, next_c.copy())


def lstm_step_backward(dnext_h, dnext_c, cache):
    x, prev_h, prev_c, Wx, Wh, parts, next_c = cache
    N, H = prev_h.shape
    dx, dprev_h, dprev_c = np.zeros(x.shape), np.zeros(prev_h.shape), np.zeros(prev_c.shape)
    dWx, dWh, db = np.zeros(Wx.shape), np.zeros(Wh.shape), np.zeros(4 * H)
    for n in range(N):
        i, f, o, g, blocks = parts[n]
        dc = dnext_c[n] + dnext_h[n] * o / np.cosh(next_c[n]) ** 2
        da = np.concatenate(
            [
                dc * g * i * (1 - i),
                dc * prev_c[n] * f * (1 - f),
                dnext_h[n] * np.tanh(next_c[n]) * o * (1 - o),
                dc * i / np.cosh(blocks[3]) ** 2,
            ]
        )
        dx[n] = Wx @ da
        dprev_h[n] = Wh @ da
        dprev_c[n] = dc * f
        dWx += np.outer(x[n], da)
        dWh += np.outer(prev_h[n], da)
        db += da
    return dx, dprev_h, dprev_c, dWx, dWh, db


def lstm_forward(x, h0, Wx, Wh, b):
    N, T, _ = x.shape
    h = np.zeros((N, T, h0.shape[1]))
    c = np.zeros(h0.shape)
    caches = []
    for t in range(T):
        before = h0 if t == 0 else h[:, t - 1]
        h[:, t], c, step = lstm_step_forward(x[:, t], before, c, Wx, Wh, b)
        caches.append(step)
    return h, caches


def lstm_backward(dh, cache):
    N, T, H = dh.shape
    D = cache[0][0].shape[1]
    dx = np.zeros((N, T, D))
    dWx, dWh, db = np.zeros((D, 4 * H)), np.zeros((H, 4 * H)), np.zeros(4 * H)
    dh0, dc = np.zeros((N, H)), np.zeros((N, H))
    for t in range(T - 1, -1, -1):
        dx[:, t], dh0, dc, gx, gh, gb = lstm_step_backward(dh[:, t] + dh0, dc, cache[t])
        dWx, dWh, db = dWx + gx, dWh + gh, db + gb
    return dx, dh0, dWx, dWh, db
