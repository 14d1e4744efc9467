"""Reference: an LSTM, one step and a whole sequence, CS231n's names, shapes and gate
layout (assignment 3, LSTM_Captioning).

One step, x (N, D), prev_h and prev_c (N, H), Wx (D, 4H), Wh (H, 4H), b (4H,):
    a = x Wx + prev_h Wh + b                                  (N, 4H)
    split a into four H-wide blocks, in this order: a_i, a_f, a_o, a_g
    i = sigmoid(a_i)   f = sigmoid(a_f)   o = sigmoid(a_o)   g = tanh(a_g)
    next_c = f * prev_c + i * g
    next_h = o * tanh(next_c)
Backward: next_c reaches the loss directly (dnext_c) and through next_h, so
    dc      = dnext_c + dnext_h * o * (1 - tanh(next_c)^2)
    di = dc * g   df = dc * prev_c   do = dnext_h * tanh(next_c)   dg = dc * i
    da      = [di i(1-i), df f(1-f), do o(1-o), dg (1-g^2)]   (the same block order)
    dprev_c = dc * f
    dx = da Wx^T   dprev_h = da Wh^T   dWx = x^T da   dWh = prev_h^T da   db = sum_n da

Sequence, x (N, T, D), h0 (N, H), c0 = 0: (h_t, c_t) = step(x[:, t], h_(t-1), c_(t-1)),
h (N, T, H) holds h_0 ... h_(T-1) (the cell states stay inside). Backward through time,
t = T-1 down to 0: the gradient reaching h_t is dh[:, t] plus the dprev_h that step
t+1 sent back, and the gradient reaching c_t is the dprev_c it sent back (nothing
else sees c_t); Wx, Wh, b are shared by every step, so their gradients are sums
over t; dh0 is the dprev_h that step 0 sends back.
"""

import numpy as np


def sigmoid(a):
    """1 / (1 + exp(-a)), never exponentiating a positive number."""
    z = np.exp(-np.abs(a))
    return np.where(a >= 0, 1 / (1 + z), z / (1 + z))


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b
    i, f, o = sigmoid(a[:, :H]), sigmoid(a[:, H : 2 * H]), sigmoid(a[:, 2 * H : 3 * H])
    g = np.tanh(a[:, 3 * H :])
    next_c = f * prev_c + i * g
    tanh_c = np.tanh(next_c)
    next_h = o * tanh_c
    return next_h, next_c, (x, prev_h, prev_c, Wx, Wh, i, f, o, g, tanh_c)


def lstm_step_backward(dnext_h, dnext_c, cache):
    x, prev_h, prev_c, Wx, Wh, i, f, o, g, tanh_c = cache
    dc = dnext_c + dnext_h * o * (1 - tanh_c**2)
    da = np.hstack(
        [
            dc * g * i * (1 - i),
            dc * prev_c * f * (1 - f),
            dnext_h * tanh_c * o * (1 - o),
            dc * i * (1 - g**2),
        ]
    )
    return da @ Wx.T, da @ Wh.T, dc * f, x.T @ da, prev_h.T @ da, da.sum(axis=0)


def lstm_forward(x, h0, Wx, Wh, b):
    N, T, _ = x.shape
    h = np.zeros((N, T, h0.shape[1]))
    caches = []
    prev_h, prev_c = h0, np.zeros_like(h0)
    for t in range(T):
        prev_h, prev_c, cache = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
        h[:, t] = prev_h
        caches.append(cache)
    return h, caches


def lstm_backward(dh, cache):
    N, T, H = dh.shape
    Wx, Wh = cache[0][3], cache[0][4]
    dx = np.zeros((N, T, Wx.shape[0]))
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(4 * H)
    dprev_h, dprev_c = np.zeros((N, H)), np.zeros((N, H))
    for t in reversed(range(T)):
        dx[:, t], dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(
            dh[:, t] + dprev_h, dprev_c, cache[t]
        )
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    return dx, dprev_h, dWx, dWh, db
