"""Correct: the textbook sigmoid 1 / (1 + exp(-a)) (for a below about -709, exp(-a)
overflows to inf with a RuntimeWarning, but 1 / (1 + inf) is the right 0.0), the
blocks taken with np.split, a dict cache holding the pre-activation, and the gate
values recomputed from it in the backward."""

import numpy as np


def _sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def _gates(a):
    ai, af, ao, ag = np.split(a, 4, axis=1)
    return _sigmoid(ai), _sigmoid(af), _sigmoid(ao), np.tanh(ag)


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    a = np.dot(x, Wx) + np.dot(prev_h, Wh) + b
    i, f, o, g = _gates(a)
    next_c = f * prev_c + i * g
    next_h = o * np.tanh(next_c)
    cache = {"x": x, "h": prev_h, "c": prev_c, "Wx": Wx, "Wh": Wh, "a": a, "next_c": next_c}
    return next_h, next_c, cache


def lstm_step_backward(dnext_h, dnext_c, cache):
    i, f, o, g = _gates(cache["a"])
    t = np.tanh(cache["next_c"])
    dc = dnext_c + dnext_h * o * (1.0 - t * t)
    da = np.concatenate(
        [
            dc * g * i * (1.0 - i),
            dc * cache["c"] * f * (1.0 - f),
            dnext_h * t * o * (1.0 - o),
            dc * i * (1.0 - g * g),
        ],
        axis=1,
    )
    return (
        np.dot(da, cache["Wx"].T),
        np.dot(da, cache["Wh"].T),
        dc * f,
        np.dot(cache["x"].T, da),
        np.dot(cache["h"].T, da),
        da.sum(axis=0),
    )


def lstm_forward(x, h0, Wx, Wh, b):
    hs, caches = [], []
    h, c = h0, np.zeros_like(h0)
    for t in range(x.shape[1]):
        h, c, step = lstm_step_forward(x[:, t], h, c, Wx, Wh, b)
        hs.append(h)
        caches.append(step)
    return np.stack(hs, axis=1), caches


def lstm_backward(dh, cache):
    T = dh.shape[1]
    dxs = [None] * T
    dh_next = np.zeros_like(dh[:, 0])
    dc_next = np.zeros_like(dh[:, 0])
    dWx = dWh = db = 0.0
    for t in range(T - 1, -1, -1):
        dxs[t], dh_next, dc_next, gx, gh, gb = lstm_step_backward(
            dh[:, t] + dh_next, dc_next, cache[t]
        )
        dWx, dWh, db = dWx + gx, dWh + gh, db + gb
    return np.stack(dxs, axis=1), dh_next, dWx, dWh, db
