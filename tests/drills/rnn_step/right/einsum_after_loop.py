"""Correct: the backward loop only carries the gradient through time and keeps every
step's da; the weight gradients are then computed for all steps at once with einsum
over the stacked inputs and previous states."""

import numpy as np


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    next_h = np.tanh(x @ Wx + prev_h @ Wh + b)
    return next_h, {"x": x, "prev_h": prev_h, "Wx": Wx, "Wh": Wh, "h": next_h}


def rnn_step_backward(dnext_h, cache):
    da = dnext_h * (1.0 - cache["h"] * cache["h"])
    return (
        np.einsum("nh,dh->nd", da, cache["Wx"]),
        np.einsum("nh,gh->ng", da, cache["Wh"]),
        np.einsum("nd,nh->dh", cache["x"], da),
        np.einsum("ng,nh->gh", cache["prev_h"], da),
        np.einsum("nh->h", da),
    )


def rnn_forward(x, h0, Wx, Wh, b):
    T = x.shape[1]
    states = [h0]
    for t in range(T):
        states.append(np.tanh(x[:, t] @ Wx + states[-1] @ Wh + b))
    h = np.stack(states[1:], axis=1)
    return h, {"x": x, "h0": h0, "h": h, "Wx": Wx, "Wh": Wh}


def rnn_backward(dh, cache):
    x, h, Wx, Wh = cache["x"], cache["h"], cache["Wx"], cache["Wh"]
    N, T, H = dh.shape
    prev = np.concatenate([cache["h0"][:, None, :], h[:, :-1]], axis=1)  # (N, T, H)
    da = np.zeros((N, T, H))
    carried = np.zeros((N, H))
    for t in range(T - 1, -1, -1):
        da[:, t] = (dh[:, t] + carried) * (1.0 - h[:, t] ** 2)
        carried = da[:, t] @ Wh.T
    dx = np.einsum("nth,dh->ntd", da, Wx)
    dWx = np.einsum("ntd,nth->dh", x, da)
    dWh = np.einsum("ntg,nth->gh", prev, da)
    db = da.sum(axis=(0, 1))
    return dx, carried, dWx, dWh, db
