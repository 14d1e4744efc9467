"""Formula checks for the sequence-models cheatsheet (cheatsheets/sequence-models.md):
the word-embedding lookup and its gradient, the vanilla RNN step, the whole sequence
with backpropagation through time, and the LSTM step.

Each check compares a cheatsheet block's function with an independent reference
written here by a different route, never with numpy's vectorised formulas:

- forward passes are explicit Python loops over every example, time step and unit,
  with math.tanh and a sigmoid that exponentiates only non-positive numbers;
- every gradient is a centred finite difference of those loop forwards, for the
  scalar L = sum(outputs * upstream gradients). The embedding's L is linear in W, so
  its differences are exact for any step; the recurrent ones use a step of 1e-6
  (truncation about 1e-12, rounding about 1e-9) and a tolerance of 1e-5 relative,
  1e-7 absolute.

Inputs are random with fixed seeds. Embedding ids come from a few words only, so
they repeat within a sequence and within a time step, and the last word of the
vocabulary never occurs. Pre-activations are of order 1 (so that 1 - a^2 and
1 - tanh(a)^2 differ clearly), and one LSTM case has pre-activations near +-800,
run under np.errstate(over='raise'), where a sigmoid written as 1 / (1 + exp(-a))
overflows.

WRONG lists the conventions a candidate plausibly writes that each check must
reject. Loaded by tests/test_cheatsheets.py.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

FD_STEP = 1e-6
RTOL, ATOL = 1e-5, 1e-7

# --- helpers ---------------------------------------------------------------------------


def _call(fn: Callable, label: str, *args: Any) -> Any:
    """Call a block's function on valid input; a crash (a shape error, an overflow
    under np.errstate) is a wrong answer, so it becomes an AssertionError."""
    try:
        return fn(*args)
    except AssertionError:
        raise
    except Exception as exc:
        raise AssertionError(f"{label}: the block raised {type(exc).__name__}: {exc}") from exc


def _close(got: Any, want: np.ndarray, label: str, rtol: float = 1e-9, atol: float = 1e-12):
    got = np.asarray(got)
    assert got.shape == want.shape, f"{label}: shape {got.shape}, expected {want.shape}"
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol, err_msg=label)


def _numerical_grad(loss: Callable[[], float], a: np.ndarray, h: float) -> np.ndarray:
    """Centred differences of loss() with respect to a, perturbed in place."""
    grad = np.zeros_like(a)
    for idx in np.ndindex(a.shape):
        old = a[idx]
        a[idx] = old + h
        plus = loss()
        a[idx] = old - h
        minus = loss()
        a[idx] = old
        grad[idx] = (plus - minus) / (2 * h)
    return grad


def _gradients(loss: Callable[[], float], arrays: list[np.ndarray], h: float = FD_STEP):
    return [_numerical_grad(loss, a, h) for a in arrays]


def _sigmoid(v: float) -> float:
    if v >= 0:
        return 1.0 / (1.0 + math.exp(-v))
    e = math.exp(v)
    return e / (1.0 + e)


def _affine_unit(x_row: np.ndarray, h_row: np.ndarray, Wx: np.ndarray, Wh: np.ndarray,
                 b: np.ndarray, j: int) -> float:  # fmt: skip
    """Pre-activation j of one example: sum_k x_k Wx[k, j] + sum_k h_k Wh[k, j] + b_j."""
    total = float(b[j])
    for k in range(x_row.shape[0]):
        total += float(x_row[k]) * float(Wx[k, j])
    for k in range(h_row.shape[0]):
        total += float(h_row[k]) * float(Wh[k, j])
    return total


# --- word embeddings -------------------------------------------------------------------


def _embedding_loops(x: np.ndarray, W: np.ndarray) -> np.ndarray:
    n_rows, steps = x.shape
    out = np.empty((n_rows, steps, W.shape[1]))
    for n in range(n_rows):
        for t in range(steps):
            for d in range(W.shape[1]):
                out[n, t, d] = W[int(x[n, t]), d]
    return out


EMBEDDING_CASES = [  # N, T, V, D, how many distinct words occur (never the last)
    (2, 5, 6, 3, 3),
    (3, 4, 8, 2, 2),
    (1, 6, 4, 5, 2),
    (4, 1, 5, 1, 2),  # T = 1: repeats only across the batch
    (1, 1, 1, 1, 1),
]


def _embedding_case(rng: np.random.Generator, n: int, t: int, v: int, d: int, words: int):
    vocabulary = rng.permutation(max(v - 1, 1))[:words]  # the last id v - 1 never occurs
    x = rng.choice(vocabulary, size=(n, t)).astype(np.int64)
    if v == 1:
        x = np.zeros((n, t), dtype=np.int64)
    W = rng.normal(size=(v, d)) * rng.choice([1e-3, 1.0, 1e3])
    return x, W


def _check_embedding_forward(fn: Callable) -> None:
    rng = np.random.default_rng(90)
    for n, t, v, d, words in EMBEDDING_CASES:
        label = f"embedding forward x ({n}, {t}), W ({v}, {d})"
        x, W = _embedding_case(rng, n, t, v, d, words)
        got = _call(fn, label, x.copy(), W.copy())
        _close(got, _embedding_loops(x, W), label)


def _check_embedding_backward(fn: Callable) -> None:
    rng = np.random.default_rng(91)
    for n, t, v, d, words in EMBEDDING_CASES:
        label = f"embedding backward x ({n}, {t}), W ({v}, {d})"
        x, W = _embedding_case(rng, n, t, v, d, words)
        dout = rng.normal(size=(n, t, d)) * rng.choice([1e-4, 1.0, 1e3])
        w = W.copy()

        def loss(w=w, x=x, dout=dout) -> float:
            return float(np.sum(_embedding_loops(x, w) * dout))

        # L is linear in W: a centred difference with any step is exact up to rounding
        (want,) = _gradients(loss, [w], h=1.0)
        got = _call(fn, label, dout.copy(), x.copy(), v)
        assert np.asarray(got).dtype == np.float64, f"{label}: dW of dtype {np.asarray(got).dtype}"
        _close(got, want, f"{label}: dW vs finite differences", rtol=1e-9, atol=1e-9)
        assert np.all(np.asarray(got)[v - 1] == 0) or v == 1, f"{label}: absent word's row"


def _embedding_flat(x, W):
    return W[x.ravel()]  # one row per position, (N * T, D)


def _embedding_onehot_v_from_x(x, W):
    return np.eye(x.max() + 1)[x] @ W  # V read off x: too few columns


def _embedding_backward_buffered(dout, x, V):
    dW = np.zeros((V, dout.shape[-1]))
    dW[x] += dout  # buffered: one write per repeated id survives
    return dW


def _embedding_backward_mean(dout, x, V):
    dW = np.zeros((V, dout.shape[-1]))
    np.add.at(dW, x, dout)
    return dW / x.shape[0]


def _embedding_backward_v_from_x(dout, x, V):
    dW = np.zeros((x.max() + 1, dout.shape[-1]))
    np.add.at(dW, x, dout)
    return dW


def _embedding_backward_integer(dout, x, V):
    dW = np.zeros((V, dout.shape[-1]), dtype=x.dtype)
    np.add.at(dW, x, dout)  # silently truncates every gradient
    return dW


# --- the vanilla RNN step ----------------------------------------------------------------


def _rnn_step_loops(x, prev_h, Wx, Wh, b) -> np.ndarray:
    n_rows, hidden = x.shape[0], Wh.shape[0]
    out = np.empty((n_rows, hidden))
    for n in range(n_rows):
        for j in range(hidden):
            out[n, j] = math.tanh(_affine_unit(x[n], prev_h[n], Wx, Wh, b, j))
    return out


RNN_STEP_CASES = [(2, 3, 4), (3, 1, 2), (1, 4, 3), (4, 2, 1), (1, 1, 1)]  # N, D, H


def _rnn_params(rng: np.random.Generator, n: int, d: int, h: int) -> list[np.ndarray]:
    """x, prev_h, Wx, Wh, b with pre-activations of order 1."""
    return [
        rng.normal(size=(n, d)),
        np.tanh(rng.normal(size=(n, h)) * 2.0),
        rng.normal(size=(d, h)) * 0.8,
        rng.normal(size=(h, h)) * 0.8,  # not symmetric: a transposed Wh shows
        rng.normal(size=h) * 0.5,
    ]


def _check_rnn_step_forward(fn: Callable) -> None:
    rng = np.random.default_rng(92)
    for n, d, h in RNN_STEP_CASES:
        label = f"rnn step forward N {n}, D {d}, H {h}"
        params = _rnn_params(rng, n, d, h)
        got = _call(fn, label, *(p.copy() for p in params))
        _close(got, _rnn_step_loops(*params), label)


def _check_rnn_step_backward(fn: Callable) -> None:
    rng = np.random.default_rng(93)
    names = ("dx", "dprev_h", "dWx", "dWh", "db")
    for n, d, h in RNN_STEP_CASES:
        label = f"rnn step backward N {n}, D {d}, H {h}"
        params = _rnn_params(rng, n, d, h)
        dnext_h = rng.normal(size=(n, h))
        work = [p.copy() for p in params]

        def loss(work=work, dnext_h=dnext_h) -> float:
            return float(np.sum(_rnn_step_loops(*work) * dnext_h))

        want = _gradients(loss, work)
        got = _call(fn, label, dnext_h.copy(), *(p.copy() for p in params))
        assert len(got) == 5, f"{label}: {len(got)} gradients, expected 5"
        for name, g, w in zip(names, got, want, strict=True):
            _close(g, w, f"{label}: {name} vs finite differences", RTOL, ATOL)


def _rnn_step_wh_transposed(x, prev_h, Wx, Wh, b):
    return np.tanh(x @ Wx + prev_h @ Wh.T + b)


def _rnn_step_sigmoid(x, prev_h, Wx, Wh, b):
    return 1 / (1 + np.exp(-(x @ Wx + prev_h @ Wh + b)))


def _rnn_step_backward_with(
    name: str, local: str, transpose: bool = True, dwh_transposed: bool = False
) -> Callable:
    def backward(dnext_h, x, prev_h, Wx, Wh, b):
        a = x @ Wx + prev_h @ Wh + b
        next_h = np.tanh(a)
        factor = {"output": 1 - next_h**2, "pre": 1 - a**2, "none": 1.0}[local]
        da = dnext_h * factor
        dprev_h = da @ Wh.T if transpose else da @ Wh
        dWh = da.T @ prev_h if dwh_transposed else prev_h.T @ da
        return da @ Wx.T, dprev_h, x.T @ da, dWh, da.sum(axis=0)

    backward.__name__ = backward.__qualname__ = name
    return backward


_rnn_step_tanh_at_pre_activation = _rnn_step_backward_with(
    "_rnn_step_tanh_at_pre_activation", "pre"
)
_rnn_step_tanh_derivative_left_out = _rnn_step_backward_with(
    "_rnn_step_tanh_derivative_left_out", "none"
)
_rnn_step_dprev_h_without_transpose = _rnn_step_backward_with(
    "_rnn_step_dprev_h_without_transpose", "output", transpose=False
)
_rnn_step_dwh_transposed = _rnn_step_backward_with(
    "_rnn_step_dwh_transposed", "output", dwh_transposed=True
)


# --- the sequence and backpropagation through time ------------------------------------------


def _rnn_sequence_loops(x, h0, Wx, Wh, b) -> np.ndarray:
    n_rows, steps, _ = x.shape
    hidden = h0.shape[1]
    h = np.empty((n_rows, steps, hidden))
    for n in range(n_rows):
        prev = h0[n].copy()
        for t in range(steps):
            new = np.array([
                math.tanh(_affine_unit(x[n, t], prev, Wx, Wh, b, j)) for j in range(hidden)
            ])  # fmt: skip
            h[n, t] = new
            prev = new
    return h


RNN_SEQUENCE_CASES = [(2, 4, 3, 3), (1, 5, 2, 4), (3, 2, 1, 2), (2, 3, 2, 1), (1, 1, 2, 2)]


def _sequence_params(rng: np.random.Generator, n: int, t: int, d: int, h: int):
    return [
        rng.normal(size=(n, t, d)),
        np.tanh(rng.normal(size=(n, h)) * 2.0),
        rng.normal(size=(d, h)) * 0.8,
        rng.normal(size=(h, h)) * 0.8,
        rng.normal(size=h) * 0.5,
    ]


def _check_rnn_forward(fn: Callable) -> None:
    rng = np.random.default_rng(94)
    for n, t, d, h in RNN_SEQUENCE_CASES:
        label = f"rnn forward N {n}, T {t}, D {d}, H {h}"
        params = _sequence_params(rng, n, t, d, h)
        got = _call(fn, label, *(p.copy() for p in params))
        _close(got, _rnn_sequence_loops(*params), label)


def _check_rnn_backward(fn: Callable) -> None:
    rng = np.random.default_rng(95)
    names = ("dx", "dh0", "dWx", "dWh", "db")
    for n, t, d, h in RNN_SEQUENCE_CASES:
        label = f"rnn backward N {n}, T {t}, D {d}, H {h}"
        params = _sequence_params(rng, n, t, d, h)
        dh = rng.normal(size=(n, t, h))
        work = [p.copy() for p in params]

        def loss(work=work, dh=dh) -> float:
            return float(np.sum(_rnn_sequence_loops(*work) * dh))

        want = _gradients(loss, work)
        got = _call(fn, label, dh.copy(), *(p.copy() for p in params))
        assert len(got) == 5, f"{label}: {len(got)} gradients, expected 5"
        for name, g, w in zip(names, got, want, strict=True):
            _close(g, w, f"{label}: {name} vs finite differences", RTOL, ATOL)


def _rnn_forward_h0_every_step(x, h0, Wx, Wh, b):
    return np.stack([np.tanh(x[:, t] @ Wx + h0 @ Wh + b) for t in range(x.shape[1])], axis=1)


def _rnn_forward_shifted(x, h0, Wx, Wh, b):
    states, prev = [], h0
    for t in range(x.shape[1]):
        states.append(prev)  # stored before the step: h0 first, the last state lost
        prev = np.tanh(x[:, t] @ Wx + prev @ Wh + b)
    return np.stack(states, axis=1)


def _rnn_forward_time_first(x, h0, Wx, Wh, b):
    states, prev = [], h0
    for t in range(x.shape[1]):
        prev = np.tanh(x[:, t] @ Wx + prev @ Wh + b)
        states.append(prev)
    return np.stack(states)  # (T, N, H)


def _states(x, h0, Wx, Wh, b):
    h = np.zeros((x.shape[0], x.shape[1], h0.shape[1]))
    prev = h0
    for t in range(x.shape[1]):
        prev = np.tanh(x[:, t] @ Wx + prev @ Wh + b)
        h[:, t] = prev
    return h


def _rnn_backward_variant(name: str, carry: bool = True, order: str = "backwards",
                          accumulate: bool = True, return_dh0: bool = True):  # fmt: skip
    def backward(dh, x, h0, Wx, Wh, b):
        h = _states(x, h0, Wx, Wh, b)
        n_rows, steps, hidden = dh.shape
        dx = np.zeros_like(x)
        dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(hidden)
        dnext = np.zeros((n_rows, hidden))
        ts = reversed(range(steps)) if order == "backwards" else range(steps)
        for t in ts:
            prev_h = h[:, t - 1] if t > 0 else h0
            da = (dh[:, t] + (dnext if carry else 0.0)) * (1 - h[:, t] ** 2)
            dx[:, t] = da @ Wx.T
            if accumulate:
                dWx, dWh, db = dWx + x[:, t].T @ da, dWh + prev_h.T @ da, db + da.sum(0)
            else:
                dWx, dWh, db = x[:, t].T @ da, prev_h.T @ da, da.sum(0)
            dnext = da @ Wh.T
        dh0 = dnext if return_dh0 else np.zeros_like(h0)
        return dx, dh0, dWx, dWh, db

    backward.__name__ = backward.__qualname__ = name
    return backward


_rnn_backward_no_carried_gradient = _rnn_backward_variant(
    "_rnn_backward_no_carried_gradient", carry=False
)
_rnn_backward_run_forwards = _rnn_backward_variant("_rnn_backward_run_forwards", order="forwards")
_rnn_backward_weights_overwritten = _rnn_backward_variant(
    "_rnn_backward_weights_overwritten", accumulate=False
)
_rnn_backward_dh0_zero = _rnn_backward_variant("_rnn_backward_dh0_zero", return_dh0=False)


# --- the LSTM step ---------------------------------------------------------------------------


def _lstm_step_loops(x, prev_h, prev_c, Wx, Wh, b) -> tuple[np.ndarray, np.ndarray]:
    """Gate blocks of a = x Wx + prev_h Wh + b in CS231n's order: i, f, o, g."""
    n_rows, hidden = prev_h.shape
    next_h, next_c = np.empty((n_rows, hidden)), np.empty((n_rows, hidden))
    for n in range(n_rows):
        for j in range(hidden):
            pre = [_affine_unit(x[n], prev_h[n], Wx, Wh, b, k * hidden + j) for k in range(4)]
            i, f, o = _sigmoid(pre[0]), _sigmoid(pre[1]), _sigmoid(pre[2])
            g = math.tanh(pre[3])
            c = f * float(prev_c[n, j]) + i * g
            next_c[n, j] = c
            next_h[n, j] = o * math.tanh(c)
    return next_h, next_c


LSTM_CASES = [(2, 3, 3), (1, 2, 4), (3, 1, 2), (2, 2, 1), (1, 1, 1)]  # N, D, H


def _lstm_params(rng: np.random.Generator, n: int, d: int, h: int, scale: float = 1.0):
    """x, prev_h, prev_c, Wx, Wh, b; cells of order 1 so that tanh(c) and c differ."""
    return [
        rng.normal(size=(n, d)) * scale,
        np.tanh(rng.normal(size=(n, h)) * 2.0),
        rng.normal(size=(n, h)) * 1.5,
        rng.normal(size=(d, 4 * h)) * 0.8,
        rng.normal(size=(h, 4 * h)) * 0.8,
        rng.normal(size=4 * h) * 0.5,
    ]


def _check_lstm_step_forward(fn: Callable) -> None:
    rng = np.random.default_rng(96)
    for n, d, h in LSTM_CASES:
        label = f"lstm step forward N {n}, D {d}, H {h}"
        params = _lstm_params(rng, n, d, h)
        got = _call(fn, label, *(p.copy() for p in params))
        assert len(got) == 2, f"{label}: expected (next_h, next_c)"
        for name, g, w in zip(("next_h", "next_c"), got, _lstm_step_loops(*params), strict=True):
            _close(g, w, f"{label}: {name}")
    # pre-activations near +-800: exp(-a) overflows for a naive sigmoid
    params = _lstm_params(rng, 3, 2, 3, scale=1.0)
    params[0] = np.array([[1.0, -1.0], [-1.0, 1.0], [0.5, 0.5]]) * 800.0
    params[3] = np.sign(rng.normal(size=(2, 12)))
    label = "lstm step forward, pre-activations near +-800"
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        got = _call(fn, label, *(p.copy() for p in params))
    for name, g, w in zip(("next_h", "next_c"), got, _lstm_step_loops(*params), strict=True):
        _close(g, w, f"{label}: {name}")


def _check_lstm_step_backward(fn: Callable) -> None:
    rng = np.random.default_rng(97)
    names = ("dx", "dprev_h", "dprev_c", "dWx", "dWh", "db")
    for n, d, h in LSTM_CASES:
        label = f"lstm step backward N {n}, D {d}, H {h}"
        params = _lstm_params(rng, n, d, h)
        dnext_h, dnext_c = rng.normal(size=(n, h)), rng.normal(size=(n, h))
        work = [p.copy() for p in params]

        def loss(work=work, dnext_h=dnext_h, dnext_c=dnext_c) -> float:
            next_h, next_c = _lstm_step_loops(*work)
            return float(np.sum(next_h * dnext_h) + np.sum(next_c * dnext_c))

        want = _gradients(loss, work)
        got = _call(fn, label, dnext_h.copy(), dnext_c.copy(), *(p.copy() for p in params))
        assert len(got) == 6, f"{label}: {len(got)} gradients, expected 6"
        for name, g, w in zip(names, got, want, strict=True):
            _close(g, w, f"{label}: {name} vs finite differences", RTOL, ATOL)


def _stable_sigmoid(a):
    z = np.exp(-np.abs(a))
    return np.where(a >= 0, 1 / (1 + z), z / (1 + z))


def _lstm_gates_in(order: str, x, prev_h, Wx, Wh, b):
    """The four gates, reading the blocks of a in the given order (CS231n: 'ifog')."""
    blocks = dict(zip(order, np.split(x @ Wx + prev_h @ Wh + b, 4, axis=1), strict=True))
    act = {"i": _stable_sigmoid, "f": _stable_sigmoid, "o": _stable_sigmoid, "g": np.tanh}
    return [act[k](blocks[k]) for k in "ifog"]


def _lstm_forward_ifgo(x, prev_h, prev_c, Wx, Wh, b):
    i, f, o, g = _lstm_gates_in("ifgo", x, prev_h, Wx, Wh, b)  # PyTorch's layout
    next_c = f * prev_c + i * g
    return o * np.tanh(next_c), next_c


def _lstm_forward_tanh_prev_c(x, prev_h, prev_c, Wx, Wh, b):
    i, f, o, g = _lstm_gates_in("ifog", x, prev_h, Wx, Wh, b)
    return o * np.tanh(prev_c), f * prev_c + i * g


def _lstm_forward_naive_sigmoid(x, prev_h, prev_c, Wx, Wh, b):
    a = x @ Wx + prev_h @ Wh + b
    ai, af, ao, ag = np.split(a, 4, axis=1)
    i, f, o = (1 / (1 + np.exp(-v)) for v in (ai, af, ao))  # overflows for a << 0
    next_c = f * prev_c + i * np.tanh(ag)
    return o * np.tanh(next_c), next_c


def _lstm_backward_variant(name: str, order: str = "ifog", forget: bool = True,
                           through_h: bool = True, tanh_at: str = "output"):  # fmt: skip
    def backward(dnext_h, dnext_c, x, prev_h, prev_c, Wx, Wh, b):
        i, f, o, g = _lstm_gates_in(order, x, prev_h, Wx, Wh, b)
        next_c = f * prev_c + i * g
        tc = np.tanh(next_c)
        local = 1 - tc**2 if tanh_at == "output" else 1 - next_c**2
        dc = dnext_c + (dnext_h * o * local if through_h else 0.0)
        parts = {
            "i": dc * g * i * (1 - i),
            "f": dc * prev_c * f * (1 - f),
            "o": dnext_h * tc * o * (1 - o),
            "g": dc * i * (1 - g**2),
        }
        da = np.hstack([parts[k] for k in order])
        dprev_c = dc * f if forget else dc
        return da @ Wx.T, da @ Wh.T, dprev_c, x.T @ da, prev_h.T @ da, da.sum(axis=0)

    backward.__name__ = backward.__qualname__ = name
    return backward


_lstm_backward_ifgo = _lstm_backward_variant("_lstm_backward_ifgo", order="ifgo")
_lstm_backward_dprev_c_without_forget = _lstm_backward_variant(
    "_lstm_backward_dprev_c_without_forget", forget=False
)
_lstm_backward_cell_without_h_path = _lstm_backward_variant(
    "_lstm_backward_cell_without_h_path", through_h=False
)
_lstm_backward_tanh_at_the_cell = _lstm_backward_variant(
    "_lstm_backward_tanh_at_the_cell", tanh_at="cell"
)


# --- the registry ------------------------------------------------------------------------------

CHECKS: dict[str, Callable[[Callable], None]] = {
    "seq-embedding-forward": _check_embedding_forward,
    "seq-embedding-backward": _check_embedding_backward,
    "seq-rnn-step-forward": _check_rnn_step_forward,
    "seq-rnn-step-backward": _check_rnn_step_backward,
    "seq-rnn-forward": _check_rnn_forward,
    "seq-rnn-backward": _check_rnn_backward,
    "seq-lstm-step-forward": _check_lstm_step_forward,
    "seq-lstm-step-backward": _check_lstm_step_backward,
}

EXPECTED: dict[str, list[str]] = {
    "sequence-models": list(CHECKS),
}

WRONG: list[tuple[str, Callable]] = [
    ("seq-embedding-forward", _embedding_flat),
    ("seq-embedding-forward", _embedding_onehot_v_from_x),
    ("seq-embedding-backward", _embedding_backward_buffered),
    ("seq-embedding-backward", _embedding_backward_mean),
    ("seq-embedding-backward", _embedding_backward_v_from_x),
    ("seq-embedding-backward", _embedding_backward_integer),
    ("seq-rnn-step-forward", _rnn_step_wh_transposed),
    ("seq-rnn-step-forward", _rnn_step_sigmoid),
    ("seq-rnn-step-backward", _rnn_step_tanh_at_pre_activation),
    ("seq-rnn-step-backward", _rnn_step_tanh_derivative_left_out),
    ("seq-rnn-step-backward", _rnn_step_dprev_h_without_transpose),
    ("seq-rnn-step-backward", _rnn_step_dwh_transposed),
    ("seq-rnn-forward", _rnn_forward_h0_every_step),
    ("seq-rnn-forward", _rnn_forward_shifted),
    ("seq-rnn-forward", _rnn_forward_time_first),
    ("seq-rnn-backward", _rnn_backward_no_carried_gradient),
    ("seq-rnn-backward", _rnn_backward_run_forwards),
    ("seq-rnn-backward", _rnn_backward_weights_overwritten),
    ("seq-rnn-backward", _rnn_backward_dh0_zero),
    ("seq-lstm-step-forward", _lstm_forward_ifgo),
    ("seq-lstm-step-forward", _lstm_forward_tanh_prev_c),
    ("seq-lstm-step-forward", _lstm_forward_naive_sigmoid),
    ("seq-lstm-step-backward", _lstm_backward_ifgo),
    ("seq-lstm-step-backward", _lstm_backward_dprev_c_without_forget),
    ("seq-lstm-step-backward", _lstm_backward_cell_without_h_path),
    ("seq-lstm-step-backward", _lstm_backward_tanh_at_the_cell),
]
