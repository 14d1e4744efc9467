"""Hidden suite for the lstm_step drill: CS231n's LSTM (lstm_step_forward,
lstm_step_backward, lstm_forward, lstm_backward), with CS231n's names, shapes and
gate layout: a = x Wx + prev_h Wh + b split into the blocks i, f, o, g, in that order.

The step is judged first, then the sequence. `_step` and `_step_grads` model one
step and the slips made inside it (the gate order, a missing path into the cell's
gradient, a sigmoid derivative written wrongly, ...); `_sequence` and `_bptt` model
the loops around correct steps and their slips (a state not carried, c0 not zero,
no gradient carried back through h or c, weight gradients overwritten, ...), so a
wrong sequence is named even when the user's step functions are right.
"""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import strategies as st

from checker.report import Mistake
from checker.suitekit import (
    SCALES,
    Ctx,
    PropertyFailed,
    Suite,
    as_layout,
    closeness,
    layouts,
    seeds,
)
from checker.suites import _recurrent as common
from checker.suites._layouts import note
from checker.suites._own_cache import ORDINALS, STATE, TITLE, check_own_cache, show_calls

suite = Suite()

step_dims = st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4))  # (N, D, H)
seq_dims = st.tuples(st.integers(1, 4), st.integers(1, 5), st.integers(1, 4), st.integers(1, 4))
# From T = 2 where the backward pass through time is compared: with one step the
# slips in the loop around it (nothing carried back, the loop's direction, ...) give
# the right answer.
bptt_dims = st.tuples(st.integers(1, 4), st.integers(2, 5), st.integers(1, 4), st.integers(1, 4))
# Unit scale first: a failing example shrinks to where the gates are neither linear
# nor saturated.
scales = st.sampled_from(sorted(SCALES, key=lambda s: abs(np.log10(s))))

STEP_ARGS = ("x", "prev_h", "prev_c", "Wx", "Wh", "b")
STEP_GRADS = ("dx", "dprev_h", "dprev_c", "dWx", "dWh", "db")
SEQ_ARGS = ("x", "h0", "Wx", "Wh", "b")
SEQ_GRADS = ("dx", "dh0", "dWx", "dWh", "db")

GATES = "ifog"  # CS231n's block order
WRONG_ORDERS = ["".join(p) for p in itertools.permutations(GATES) if "".join(p) != GATES]
# PyTorch's and Keras's order (i, f, g, o) and TensorFlow's (i, g, f, o) first.
WRONG_ORDERS.sort(key=lambda p: (p not in ("ifgo", "igfo"), p))


def _weights(rng: np.random.Generator, d: int, hdim: int):
    wx = rng.standard_normal((d, 4 * hdim)) / np.sqrt(d)
    wh = rng.standard_normal((hdim, 4 * hdim)) / np.sqrt(hdim)
    b = rng.standard_normal(4 * hdim) * 0.5
    return wx, wh, b


def _hidden(rng: np.random.Generator, shape: tuple[int, ...], scale: float) -> np.ndarray:
    # A hidden state is o * tanh(c), in (-1, 1); small scales keep it near 0.
    return np.tanh(rng.standard_normal(shape) * scale)


def _step_case(seed: int, n: int, d: int, hdim: int, scale: float):
    """(x, prev_h, prev_c, Wx, Wh, b), dnext_h and dnext_c."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d)) * scale
    prev_h = _hidden(rng, (n, hdim), scale)
    prev_c = rng.standard_normal((n, hdim)) * scale
    wx, wh, b = _weights(rng, d, hdim)
    dnext = rng.standard_normal((2, n, hdim))
    return (x, prev_h, prev_c, wx, wh, b), dnext[0], dnext[1]


def _seq_case(seed: int, n: int, t: int, d: int, hdim: int, scale: float):
    """(x, h0, Wx, Wh, b) and dh."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, t, d)) * scale
    h0 = _hidden(rng, (n, hdim), scale)
    wx, wh, b = _weights(rng, d, hdim)
    return (x, h0, wx, wh, b), rng.standard_normal((n, t, hdim))


def _biggest(*arrays: np.ndarray) -> float:
    return max(float(np.max(np.abs(a))) for a in arrays)


# ----------------------------------------------------------------- models of known mistakes


def _sigmoid(a: np.ndarray) -> np.ndarray:
    z = np.exp(-np.abs(a))
    return np.where(a >= 0, 1 / (1 + z), z / (1 + z))


def _overflowing_sigmoid(a: np.ndarray) -> np.ndarray:
    return np.exp(a) / (1 + np.exp(a))  # inf / inf = NaN past a = 709


def _overflowing_tanh(a: np.ndarray) -> np.ndarray:
    return (np.exp(a) - np.exp(-a)) / (np.exp(a) + np.exp(-a))


def _step(x, prev_h, prev_c, wx, wh, b, slip=None, order=GATES):
    """(next_h, next_c, (a, i, f, o, g)) of lstm_step_forward, or of one of its slips;
    `order` is the order in which the four blocks of a are read."""
    a = x @ wx + prev_h @ wh + b
    blocks = dict(zip(order, np.split(a, 4, axis=1), strict=True))
    sig = _overflowing_sigmoid if slip == "overflow" else _sigmoid
    tanh = _overflowing_tanh if slip == "overflow tanh" else np.tanh
    i, f, o = (sig(blocks[k]) for k in "ifo")
    g = sig(blocks["g"]) if slip == "g sigmoid" else tanh(blocks["g"])
    next_c = f * prev_c + i * g
    next_h = o * tanh(prev_c if slip == "prev_c" else next_c)
    return next_h, next_c, (a, i, f, o, g)


def _sigmoid_derivative(s, a, slip):
    if slip == "sigmoid s":
        return s
    if slip == "sigmoid 1-s^2":
        return 1 - s**2
    if slip == "sigmoid at a":
        return a * (1 - a)
    if slip == "sigmoid exp":
        return np.exp(-a) / (1 + np.exp(-a)) ** 2  # inf / inf = NaN below a = -709
    return s * (1 - s)


def _tanh_derivative(cell, tanh_c, slip):
    if slip == "tanh' at c":
        return 1 - cell**2
    if slip == "tanh twice":
        return 1 - np.tanh(tanh_c) ** 2
    return 1 - tanh_c**2


def _step_grads(args, dnext_h, dnext_c, slip=None, order=GATES, prev_h=None, prev_c=None):
    """[dx, dprev_h, dprev_c, dWx, dWh, db] of lstm_step_backward, or of one of its slips.
    `order` is the order the four blocks of da are stacked in; `prev_h` and `prev_c`
    replace the ones the weight and forget-gate gradients read (a cache that holds
    another step's)."""
    x, h_in, c_in, wx, wh, _ = args
    forward_slip = slip if slip in ("overflow", "overflow tanh") else None
    _, next_c, (a, i, f, o, g) = _step(*args, slip=forward_slip)
    a_i, a_f, a_o, a_g = np.split(a, 4, axis=1)
    cell = c_in if slip in ("prev_c", "prev_c dc") else next_c
    tanh = _overflowing_tanh if slip == "overflow tanh" else np.tanh
    tanh_c = tanh(cell)
    tanh_out = tanh_c if slip == "prev_c" else tanh(next_c)
    path = dnext_h * o * _tanh_derivative(cell, tanh_c, slip)
    dc = dnext_c if slip == "no tanh path" else dnext_c + path
    if slip == "g sigmoid'":
        dg_local = g * (1 - g)
    elif slip == "tanh' at a":
        dg_local = 1 - a_g**2
    else:
        dg_local = 1 - g**2
    cached_c = c_in if prev_c is None else prev_c
    da = {
        "i": dc * g * _sigmoid_derivative(i, a_i, slip),
        "f": dc * cached_c * _sigmoid_derivative(f, a_f, slip),
        "o": dnext_h * tanh_out * _sigmoid_derivative(o, a_o, slip),
        "g": dc * i * dg_local,
    }
    da = np.hstack([da[k] for k in order])
    dprev_c = dc if slip == "dprev_c no f" else dc * f
    cached_h = h_in if prev_h is None else prev_h
    return [da @ wx.T, da @ wh.T, dprev_c, x.T @ da, cached_h.T @ da, da.sum(axis=0)]


def _per_output(models: dict, count: int) -> list[dict]:
    """{name: () -> outputs} as one dict of models per output, in order."""
    return [{name: (lambda m=m, k=k: m()[k]) for name, m in models.items()} for k in range(count)]


def _orders(make) -> dict:
    return {
        f"gates in the wrong order#{k}": (lambda p=p: make(p)) for k, p in enumerate(WRONG_ORDERS)
    }


def _step_forward_mistakes(args) -> list[dict]:
    """One dict of models per output of lstm_step_forward (next_h, next_c)."""
    models = {
        "next_h and next_c swapped": lambda: _step(*args)[1::-1],
        "tanh of prev_c instead of next_c": lambda: _step(*args, slip="prev_c"),
        "g treated as a sigmoid gate": lambda: _step(*args, slip="g sigmoid"),
        "gate activations overflow for large |a|": lambda: _step(*args, slip="overflow"),
        "gate activations overflow for large |a|#2": lambda: _step(*args, slip="overflow tanh"),
        **_orders(lambda p: _step(*args, order=p)),
    }
    return _per_output(models, 2)


_STEP_SLIPS = {
    "cell gradient missing the path through next_h": "no tanh path",
    "tanh of prev_c instead of next_c": "prev_c",
    "tanh of prev_c instead of next_c#2": "prev_c dc",
    "tanh derivative taken at the wrong point": "tanh' at c",
    "tanh derivative taken at the wrong point#2": "tanh twice",
    "tanh derivative taken at the wrong point#3": "tanh' at a",
    "wrong formula for the sigmoid's derivative": "sigmoid s",
    "wrong formula for the sigmoid's derivative#2": "sigmoid 1-s^2",
    "wrong formula for the sigmoid's derivative#3": "sigmoid at a",
    "g treated as a sigmoid gate": "g sigmoid'",
    "dprev_c missing the forget gate": "dprev_c no f",
    "gate activations overflow for large |a|": "sigmoid exp",
    # A right backward on the NaN an overflowing forward cached.
    "gate activations overflow for large |a|#2": "overflow",
    "gate activations overflow for large |a|#3": "overflow tanh",
}


def _step_backward_mistakes(args, dnext_h, dnext_c) -> list[dict]:
    """One dict of models per output of lstm_step_backward, in its order."""
    models = {
        name: (lambda slip=slip: _step_grads(args, dnext_h, dnext_c, slip))
        for name, slip in _STEP_SLIPS.items()
    }
    models.update(_orders(lambda p: _step_grads(args, dnext_h, dnext_c, order=p)))
    return _per_output(models, 6)


def _sequence(x, h0, wx, wh, b, slip=None):
    """h of lstm_forward, or of one of its slips."""
    if slip == "c0 h0":
        prev_c = h0
    elif slip == "c0 ones":
        prev_c = np.ones_like(h0)
    else:
        prev_c = np.zeros_like(h0)
    prev_h, states = h0, []
    for t in range(x.shape[1]):
        feed_h = h0 if slip == "h0" else prev_h
        feed_c = np.zeros_like(h0) if slip == "c reset" else prev_c
        next_h, next_c, _ = _step(x[:, t], feed_h, feed_c, wx, wh, b)
        if slip == "swapped":  # next_c, next_h, cache = lstm_step_forward(...)
            next_h, next_c = next_c, next_h
        states.append(next_h)
        prev_h, prev_c = next_h, next_c
    h = np.stack(states, axis=1)
    return h.transpose(1, 0, 2) if slip == "time first" else h


_SEQ_SLIPS = {
    "hidden or cell state not carried between steps": "h0",
    "hidden or cell state not carried between steps#2": "c reset",
    "initial cell state not zero": "c0 h0",
    "initial cell state not zero#2": "c0 ones",
    "next_h and next_c swapped": "swapped",
    "time stacked first (T, N, ...)": "time first",
}


def _seq_forward_mistakes(args) -> dict:
    return {name: (lambda slip=slip: _sequence(*args, slip)) for name, slip in _SEQ_SLIPS.items()}


def _bptt(x, h0, wx, wh, b, dh, slip=None):
    """[dx, dh0, dWx, dWh, db] of lstm_backward, or of one of its slips."""
    steps = x.shape[1]
    inputs, prev_h, prev_c = [], h0, np.zeros_like(h0)
    for t in range(steps):
        inputs.append((x[:, t], prev_h, prev_c, wx, wh, b))
        prev_h, prev_c, _ = _step(*inputs[-1])
    cached = [{} for _ in range(steps)]
    if slip == "last cache":  # only the last step's cache kept
        inputs = [inputs[-1]] * steps
    elif slip == "prev_h buffer":  # every cache holds one prev_h buffer, left at h_(T-1)
        cached = [{"prev_h": prev_h} for _ in range(steps)]
    elif slip == "prev_c buffer":
        cached = [{"prev_c": prev_c} for _ in range(steps)]
    dx = np.zeros(x.shape)
    dwx, dwh, db = np.zeros_like(wx), np.zeros_like(wh), np.zeros_like(b)
    dprev_h, dprev_c = np.zeros_like(h0), np.zeros_like(h0)
    order = range(steps) if slip == "forwards" else reversed(range(steps))
    for t in order:
        dnext_h = dh[:, t] if slip == "no carry h" else dh[:, t] + dprev_h
        dnext_c = np.zeros_like(h0) if slip == "no carry c" else dprev_c
        grads = _step_grads(inputs[t], dnext_h, dnext_c, **cached[t])
        dx[:, t], dprev_h, dprev_c = grads[:3]
        if slip == "overwrite":
            dwx, dwh, db = grads[3:]
        else:
            dwx, dwh, db = dwx + grads[3], dwh + grads[4], db + grads[5]
    dh0 = np.zeros_like(h0) if slip == "dh0 zero" else dprev_h
    if slip == "time first":
        dx = dx.transpose(1, 0, 2)
    return [dx, dh0, dwx, dwh, db]


_BPTT_SLIPS = {
    "hidden-state gradient not carried back through time": "no carry h",
    "cell-state gradient not carried back through time": "no carry c",
    "backpropagation through time run forwards": "forwards",
    "weight gradients overwritten at each step": "overwrite",
    "dh0 left at zero": "dh0 zero",
    "steps share one cache": "last cache",
    "steps share one cache#2": "prev_h buffer",
    "steps share one cache#3": "prev_c buffer",
    "time stacked first (T, N, ...)": "time first",
}


def _seq_backward_mistakes(args, dh) -> list[dict]:
    """One dict of models per output of lstm_backward, in its order."""
    models = {
        name: (lambda slip=slip: _bptt(*args, dh, slip)) for name, slip in _BPTT_SLIPS.items()
    }
    return _per_output(models, 5)


# ----------------------------------------------------------------- tolerances


def _forward_atol(x, prev_h, prev_c, wx, wh, b, steps: int = 1) -> float:
    # The pre-activation adds up terms of size |x||Wx| D + |h||Wh| H + |b|; where
    # they cancel, a sum in another order differs by rounding on that scale, and the
    # gates pass it on to the cell scaled by at most |prev_c| + 1.
    d, hdim = x.shape[-1], prev_h.shape[1]
    size = _biggest(x) * _biggest(wx) * d + _biggest(prev_h) * _biggest(wh) * hdim + _biggest(b)
    return 1e-12 * size * (1 + _biggest(prev_c) + steps)


def _step_atols(args, dnext_h, dnext_c) -> tuple[float, ...]:
    """Absolute allowances of (dx, dprev_h, dprev_c, dWx, dWh, db) on their natural
    scales (every gate's derivative is at most 1), for entries that cancel to almost
    zero."""
    x, prev_h, prev_c, wx, wh, _ = args
    n, hdim = dnext_h.shape
    dc = 1e-10 * (_biggest(dnext_c) + _biggest(dnext_h))
    g = dc * max(1.0, _biggest(prev_c))  # bounds |da|
    return (
        g * _biggest(wx) * 4 * hdim,
        g * _biggest(wh) * 4 * hdim,
        dc,
        g * _biggest(x) * n,
        g * _biggest(prev_h) * n,
        g * n,
    )


def _seq_atols(args, dh) -> tuple[float, ...]:
    """As _step_atols, with the gradient reaching each state bounded by backpropagating
    |dh| through |Wh| with every gate's derivative taken as 1 and |c_t| <= t + 1."""
    x, h0, wx, wh, _ = args
    n, steps, hdim = dh.shape
    carried, dc, biggest = np.zeros((n, hdim)), np.zeros((n, hdim)), 0.0
    for t in reversed(range(steps)):
        dc = dc + np.abs(dh[:, t]) + carried
        da = dc * (steps + 1)
        biggest = max(biggest, float(da.max()))
        carried = np.tile(da, 4) @ np.abs(wh).T
    g = 1e-10 * biggest
    count = n * steps
    return (
        g * _biggest(wx) * 4 * hdim,
        g * _biggest(wh) * 4 * hdim,
        g * _biggest(x) * count,
        g * max(_biggest(h0), 1.0) * count,
        g * count,
    )


def _expect(ctx: Ctx, output: str, got, expected, atol: float, mistakes: dict) -> None:
    """expect_close, saying so when the user's output has NaN or inf where the exact
    value is finite (a mistake with the same NaNs is still named)."""
    what = "does not match the expected value"
    if (
        isinstance(got, np.ndarray)
        and got.shape == np.shape(expected)
        and np.issubdtype(got.dtype, np.floating)
        and (~np.isfinite(got) & np.isfinite(expected)).any()
    ):
        what = "has NaN or inf where the exact value is finite (an overflow in exp?)"
    ctx.expect_close(output, got, expected, atol=atol, mistakes=mistakes, what=what)


def _expect_all(ctx, names, got, expected, atols, mistakes):
    for name, g, e, atol, m in zip(names, got, expected, atols, mistakes, strict=True):
        _expect(ctx, name, g, e, atol, m)


# ----------------------------------------------------------------- one step


def _step_backward(ctx: Ctx, dnext_h, dnext_c, cache):
    """The user's lstm_step_backward. It may update dnext_c in place (many CS231n
    solutions write dnext_c += dnext_h * o * ..., harmless where the caller,
    lstm_backward, no longer needs the carried gradient), so every caller passes
    arrays of its own that it does not read again."""
    return ctx.call("lstm_step_backward", dnext_h, dnext_c, cache, unpack=6, may_modify=(1,))


def _check_step_forward(ctx: Ctx, args, layout: str) -> None:
    ctx.show(**dict(zip(STEP_ARGS, args, strict=True)), layout=note(layout))
    got = ctx.call("lstm_step_forward", *(as_layout(a, layout) for a in args), unpack=3)
    expected = ctx.ref.lstm_step_forward(*args)
    atol = _forward_atol(*args)
    mistakes = _step_forward_mistakes(args)
    _expect_all(ctx, ("next_h", "next_c"), got[:2], expected[:2], (atol, atol), mistakes)


def _check_step_backward(ctx: Ctx, args, dnext_h, dnext_c, layout: str) -> None:
    shown = dict(zip(STEP_ARGS, args, strict=True))
    ctx.show(**shown, dnext_h=dnext_h, dnext_c=dnext_c, layout=note(layout))
    *_, cache = ctx.call("lstm_step_forward", *(as_layout(a, layout) for a in args), unpack=3)
    got = _step_backward(ctx, as_layout(dnext_h, layout), as_layout(dnext_c, layout), cache)
    *_, ref_cache = ctx.ref.lstm_step_forward(*args)
    expected = ctx.ref.lstm_step_backward(dnext_h, dnext_c, ref_cache)
    _expect_all(
        ctx,
        STEP_GRADS,
        got,
        expected,
        _step_atols(args, dnext_h, dnext_c),
        _step_backward_mistakes(args, dnext_h, dnext_c),
    )


@suite.prop(
    "step forward: gates i, f, o, g; next_c = f * prev_c + i * g; next_h = o * tanh(next_c)",
    max_examples=15,
    dims=step_dims,
    seed=seeds,
    scale=scales,
    layout=layouts,
)
def step_forward(ctx: Ctx, dims, seed, scale, layout):
    args, _, _ = _step_case(seed, *dims, scale)
    _check_step_forward(ctx, args, layout)


@suite.prop(
    "step backward: dx, dprev_h, dprev_c, dWx, dWh, db match the exact gradients",
    max_examples=15,
    dims=step_dims,
    seed=seeds,
    scale=scales,
    layout=layouts,
)
def step_backward(ctx: Ctx, dims, seed, scale, layout):
    args, dnext_h, dnext_c = _step_case(seed, *dims, scale)
    _check_step_backward(ctx, args, dnext_h, dnext_c, layout)


def _saturating_case(seed: int, n: int, d: int, hdim: int):
    """A step where about three quarters of the pre-activations are beyond +-750,
    alternating in sign along the 4H columns (exp overflows past 709)."""
    args, dnext_h, dnext_c = _step_case(seed, n, d, hdim, 1.0)
    x, prev_h, prev_c, wx, wh, b = args
    rng = np.random.default_rng(seed + 3)
    signs = np.where((np.arange(4 * hdim) + rng.integers(2)) % 2 == 0, 1.0, -1.0)
    big = signs * rng.uniform(750.0, 1000.0, 4 * hdim)
    b = np.where(rng.random(4 * hdim) < 0.75, big, b)
    return (x, prev_h, prev_c, wx, wh, b), dnext_h, dnext_c


@suite.prop(
    "saturated gates: finite, exact outputs and gradients where |a| reaches 1000",
    max_examples=5,
    dims=step_dims,
    seed=seeds,
)
def saturated(ctx: Ctx, dims, seed):
    args, dnext_h, dnext_c = _saturating_case(seed, *dims)
    _check_step_forward(ctx, args, "C")
    _check_step_backward(ctx, args, dnext_h, dnext_c, "C")


def _grad_checks(ctx, forward, unpack, names, grads, args, loss_of, mistakes):
    """Each gradient against a centred difference of loss_of(forward(*args))."""
    for k, (name, grad) in enumerate(zip(names, grads, strict=True)):

        def loss(v, k=k):
            varied = [*args[:k], v, *args[k + 1 :]]
            return loss_of(ctx.call(forward, *varied, unpack=unpack))

        ctx.grad_check(name, loss, args[k], grad, mistakes=mistakes[k])


@suite.prop(
    "step gradient check: the derivative of your lstm_step_forward",
    max_examples=4,
    # Small: every entry of Wx (D, 4H) and Wh (H, 4H) is probed twice.
    dims=st.tuples(st.integers(1, 3), st.integers(1, 2), st.integers(1, 2)),
    seed=seeds,
)
def step_gradient_check(ctx: Ctx, dims, seed):
    args, dnext_h, dnext_c = _step_case(seed, *dims, 1.0)
    ctx.show(**dict(zip(STEP_ARGS, args, strict=True)), dnext_h=dnext_h, dnext_c=dnext_c)
    *_, cache = ctx.call("lstm_step_forward", *args, unpack=3)
    grads = _step_backward(ctx, dnext_h.copy(), dnext_c.copy(), cache)

    def loss_of(out):
        return float(np.sum(np.asarray(out[0]) * dnext_h) + np.sum(np.asarray(out[1]) * dnext_c))

    mistakes = _step_backward_mistakes(args, dnext_h, dnext_c)
    _grad_checks(ctx, "lstm_step_forward", 3, STEP_GRADS, grads, args, loss_of, mistakes)


def _each_alone_right(ctx: Ctx, cases, want) -> bool:
    """Is each step backward right when it directly follows its own forward?"""
    try:
        for k, (args, dnext_h, dnext_c) in enumerate(cases):
            *_, cache = ctx.call("lstm_step_forward", *args, unpack=3)
            got = _step_backward(ctx, dnext_h.copy(), dnext_c.copy(), cache)
            for g, w, atol in zip(got, want(k), _step_atols(*cases[k]), strict=True):
                if not isinstance(g, np.ndarray) or g.shape != np.shape(w):
                    return False
                if not closeness(g, w, 1e-6, atol).ok:
                    return False
    except PropertyFailed:  # the user's code fails alone too: not this mistake
        return False
    return True


@suite.prop(
    f"step {TITLE}",
    max_examples=4,
    first=step_dims,
    second=step_dims,
    other_shape=st.booleans(),
    seed=seeds,
)
def step_own_cache(ctx: Ctx, first, second, other_shape, seed):
    # lstm_step_forward returns three items and its backward takes two upstream
    # gradients, so this is _own_cache.check_own_cache written out for them.
    dims = (first, second if other_shape else first)
    cases = [_step_case(seed + 7 * k, *dims[k], 1.0) for k in range(2)]
    show_calls(
        ctx,
        [
            {**dict(zip(STEP_ARGS, args, strict=True)), "dnext_h": dh, "dnext_c": dc}
            for args, dh, dc in cases
        ],
    )

    def want(k):
        args, dnext_h, dnext_c = cases[k]
        *_, cache = ctx.ref.lstm_step_forward(*(a.copy() for a in args))
        return ctx.ref.lstm_step_backward(dnext_h.copy(), dnext_c.copy(), cache)

    try:
        runs = [ctx.call("lstm_step_forward", *args, unpack=3) for args, _, _ in cases]
        got = [
            _step_backward(ctx, dh.copy(), dc.copy(), run[2])
            for (_, dh, dc), run in zip(cases, runs, strict=True)
        ]
        for k in range(2):
            right, other = want(k), want(1 - k)
            atols = _step_atols(*cases[k])
            for i, name in enumerate(STEP_GRADS):
                ctx.expect_close(
                    f"{ORDINALS[k]} {name}",
                    got[k][i],
                    right[i],
                    atol=atols[i],
                    mistakes={STATE: lambda i=i, other=other: other[i]},
                    what=f"is not the gradient for the {ORDINALS[k]} forward's inputs",
                )
    except PropertyFailed as failed:
        failure = failed.failure
        if (
            failure.kind in ("wrong_answer", "wrong_shape", "runtime_error")
            and failure.mistake is None
            and _each_alone_right(ctx, cases, want)
        ):
            failure.mistake = ctx.mistakes.get(STATE, Mistake(STATE))
            failure.summary += (
                " (called straight after its own forward, each backward is right: the "
                "result depends on which forward ran last)"
            )
        raise


# ----------------------------------------------------------------- the sequence


@suite.prop(
    "lstm_forward: h[:, t] is the state after step t, h and c carried, c0 = 0",
    max_examples=15,
    dims=seq_dims,
    seed=seeds,
    scale=scales,
    layout=layouts,
)
def seq_forward(ctx: Ctx, dims, seed, scale, layout):
    args, _ = _seq_case(seed, *dims, scale)
    ctx.show(**dict(zip(SEQ_ARGS, args, strict=True)), layout=note(layout))
    h, _ = ctx.call("lstm_forward", *(as_layout(a, layout) for a in args), unpack=2)
    expected, _ = ctx.ref.lstm_forward(*args)
    x, h0, wx, wh, b = args
    _expect(
        ctx,
        "h",
        h,
        expected,
        _forward_atol(x, np.maximum(np.abs(h0), 1.0), h0, wx, wh, b, steps=x.shape[1]),
        _seq_forward_mistakes(args),
    )


@suite.prop(
    "lstm_backward: dx, dh0, dWx, dWh, db match the exact gradients",
    max_examples=15,
    dims=bptt_dims,
    seed=seeds,
    scale=scales,
    layout=layouts,
)
def seq_backward(ctx: Ctx, dims, seed, scale, layout):
    args, dh = _seq_case(seed, *dims, scale)
    ctx.show(**dict(zip(SEQ_ARGS, args, strict=True)), dh=dh, layout=note(layout))
    _, cache = ctx.call("lstm_forward", *(as_layout(a, layout) for a in args), unpack=2)
    got = ctx.call("lstm_backward", as_layout(dh, layout), cache, unpack=5)
    _, ref_cache = ctx.ref.lstm_forward(*args)
    expected = ctx.ref.lstm_backward(dh, ref_cache)
    _expect_all(
        ctx, SEQ_GRADS, got, expected, _seq_atols(args, dh), _seq_backward_mistakes(args, dh)
    )


@suite.prop(
    "sequence gradient check: the derivative of your lstm_forward",
    max_examples=3,
    dims=st.tuples(st.integers(1, 2), st.integers(1, 3), st.integers(1, 3), st.integers(1, 2)),
    seed=seeds,
)
def seq_gradient_check(ctx: Ctx, dims, seed):
    args, dh = _seq_case(seed, *dims, 1.0)
    ctx.show(**dict(zip(SEQ_ARGS, args, strict=True)), dh=dh)
    _, cache = ctx.call("lstm_forward", *args, unpack=2)
    grads = ctx.call("lstm_backward", dh, cache, unpack=5)

    def loss_of(out):
        return float(np.sum(np.asarray(out[0]) * dh))

    mistakes = _seq_backward_mistakes(args, dh)
    _grad_checks(ctx, "lstm_forward", 2, SEQ_GRADS, grads, args, loss_of, mistakes)


@suite.prop(
    f"sequence {TITLE}",
    max_examples=4,
    first=bptt_dims,
    second=bptt_dims,
    other_shape=st.booleans(),
    seed=seeds,
)
def seq_own_cache(ctx: Ctx, first, second, other_shape, seed):
    dims = (first, second if other_shape else first)
    cases = [_seq_case(seed + 7 * k, *dims[k], 1.0) for k in range(2)]
    show_calls(ctx, [{**dict(zip(SEQ_ARGS, args, strict=True)), "dh": dh} for args, dh in cases])
    check_own_cache(
        ctx,
        "lstm_forward",
        "lstm_backward",
        cases,
        SEQ_GRADS,
        atols=lambda k: _seq_atols(*cases[k]),
    )


# ----------------------------------------------------------------- invariants


@suite.prop(
    "causality: no state depends on a later input, no gradient flows forward",
    max_examples=6,
    dims=bptt_dims,
    last=st.integers(0, 3),
    seed=seeds,
)
def causality(ctx: Ctx, dims, last, seed):
    steps = dims[1]
    k = min(last, steps - 2)  # the last step whose loss counts; later inputs change
    args, dh = _seq_case(seed, *dims, 1.0)
    common.check_causality(
        ctx, "lstm", SEQ_ARGS, args, dh, k, seed,
        lambda: _bptt(*args, dh, "forwards")[0],
    )


# ----------------------------------------------------------------- speed


@suite.speed("lstm_backward", size="N=16, T=20, D=H=32")
def _speed(impl, rng: np.random.Generator):
    # Small enough that the matrix products stay out of multithreaded BLAS, whose
    # timings swing by 100x on a busy machine (4H = 256 took 0.3 to 2 s here).
    x, h0 = rng.standard_normal((16, 20, 32)), rng.standard_normal((16, 32)) * 0.1
    wx, wh = rng.standard_normal((32, 128)) * 0.1, rng.standard_normal((32, 128)) * 0.1
    b, dh = np.zeros(128), rng.standard_normal((16, 20, 32))
    _, cache = impl.lstm_forward(x, h0, wx, wh, b)
    return lambda: impl.lstm_backward(dh, cache)
