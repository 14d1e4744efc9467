"""Reference: a vanilla (tanh) RNN, one step and a whole sequence, CS231n's shapes.

One step, x (N, D), prev_h (N, H), Wx (D, H), Wh (H, H), b (H,):
    a      = x Wx + prev_h Wh + b
    next_h = tanh(a)                                          (N, H)
Backward, with da = dnext_h * (1 - next_h^2)   (tanh'(a) = 1 - tanh(a)^2, written
with the output, never with a itself):
    dx = da Wx^T    dprev_h = da Wh^T    dWx = x^T da    dWh = prev_h^T da
    db = sum over the batch of da                             (H,)

Sequence, x (N, T, D), h0 (N, H): h_t = step(x[:, t], h_(t-1)), h (N, T, H) holds
h_0 ... h_(T-1) (not the initial state). Backward through time, t = T-1 down to 0:
the gradient reaching h_t is dh[:, t] plus the dprev_h that step t+1 sent back;
Wx, Wh and b are used at every step, so their gradients are sums over t; dh0 is
the dprev_h that step 0 sends back.
"""

import numpy as np


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    next_h = np.tanh(x @ Wx + prev_h @ Wh + b)
    return next_h, (x, prev_h, Wx, Wh, next_h)


def rnn_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, next_h = cache
    da = dnext_h * (1 - next_h**2)
    return da @ Wx.T, da @ Wh.T, x.T @ da, prev_h.T @ da, da.sum(axis=0)


def rnn_forward(x, h0, Wx, Wh, b):
    N, T, _ = x.shape
    h = np.zeros((N, T, h0.shape[1]))
    caches = []
    prev_h = h0
    for t in range(T):
        prev_h, cache = rnn_step_forward(x[:, t], prev_h, Wx, Wh, b)
        h[:, t] = prev_h
        caches.append(cache)
    return h, caches


def rnn_backward(dh, cache):
    N, T, H = dh.shape
    _, _, Wx, Wh, _ = cache[0]
    dx = np.zeros((N, T, Wx.shape[0]))
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(H)
    dprev_h = np.zeros((N, H))
    for t in reversed(range(T)):
        dx[:, t], dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t] + dprev_h, cache[t])
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    return dx, dprev_h, dWx, dWh, db
