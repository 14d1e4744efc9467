"""Correct: one matrix product of [x, prev_h] with the stacked weights [[Wx], [Wh]],
the sequence worked time-major (T, N, ...) with the cell state in its own array, and
the backward loop carrying only the two state gradients while it keeps every step's
da; the weight gradients are then summed over all steps at once with einsum. tanh is
written as 2 sigmoid(2u) - 1, with a sigmoid from np.logaddexp."""

import numpy as np


def _sigmoid(u):
    return np.exp(-np.logaddexp(0.0, -u))


def _tanh(u):
    return 2.0 * _sigmoid(2.0 * u) - 1.0


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    H = prev_h.shape[1]
    xh = np.concatenate([x, prev_h], axis=1)
    W = np.concatenate([Wx, Wh], axis=0)
    a = xh @ W + b
    ifo = _sigmoid(a[:, : 3 * H])
    g = _tanh(a[:, 3 * H :])
    i, f, o = ifo[:, :H], ifo[:, H : 2 * H], ifo[:, 2 * H :]
    next_c = f * prev_c + i * g
    tc = _tanh(next_c)
    return o * tc, next_c, (xh, W, x.shape[1], prev_c, ifo, g, tc)


def _da(dnext_h, dnext_c, cache):
    """da (N, 4H) and dprev_c of one step."""
    _, _, _, prev_c, ifo, g, tc = cache
    H = g.shape[1]
    i, f, o = ifo[:, :H], ifo[:, H : 2 * H], ifo[:, 2 * H :]
    dc = dnext_c + dnext_h * o * (1 - tc) * (1 + tc)
    difo = np.concatenate([dc * g, dc * prev_c, dnext_h * tc], axis=1) * ifo * (1 - ifo)
    return np.concatenate([difo, dc * i * (1 - g) * (1 + g)], axis=1), dc * f


def lstm_step_backward(dnext_h, dnext_c, cache):
    xh, W, D, *_ = cache
    da, dprev_c = _da(dnext_h, dnext_c, cache)
    dxh = da @ W.T
    dW = xh.T @ da
    return dxh[:, :D], dxh[:, D:], dprev_c, dW[:D], dW[D:], da.sum(axis=0)


def lstm_forward(x, h0, Wx, Wh, b):
    xs = np.transpose(x, (1, 0, 2))  # (T, N, D)
    T, N = xs.shape[:2]
    H = h0.shape[1]
    hs = np.empty((T + 1, N, H))
    cs = np.zeros((T + 1, N, H))
    hs[0] = h0
    caches = []
    for t in range(T):
        hs[t + 1], cs[t + 1], step = lstm_step_forward(xs[t], hs[t], cs[t], Wx, Wh, b)
        caches.append(step)
    return np.ascontiguousarray(np.transpose(hs[1:], (1, 0, 2))), (caches, xs, hs[:-1].copy())


def lstm_backward(dh, cache):
    caches, xs, prev_hs = cache
    T, N, D = xs.shape
    H = dh.shape[2]
    W = caches[0][1]
    das = np.empty((T, N, 4 * H))
    dh_carry = np.zeros((N, H))
    dc_carry = np.zeros((N, H))
    for t in range(T - 1, -1, -1):
        das[t], dc_carry = _da(dh[:, t] + dh_carry, dc_carry, caches[t])
        dh_carry = das[t] @ W[D:].T
    dx = np.einsum("tng,dg->ntd", das, W[:D])
    dWx = np.einsum("tnd,tng->dg", xs, das)
    dWh = np.einsum("tnh,tng->hg", prev_hs, das)
    return dx, dh_carry, dWx, dWh, das.sum(axis=(0, 1))
