"""Hidden suite for the rnn_step drill: CS231n's vanilla RNN (rnn_step_forward,
rnn_step_backward, rnn_forward, rnn_backward), with CS231n's names and shapes.

The step is judged first, then the sequence. Mistakes of backpropagation through
time (no gradient carried between steps, the loop run forwards, weight gradients
overwritten, steps sharing one cache, ...) are modelled by `_bptt`, one correct
step at a time with the slip in the loop around it, so that a wrong sequence
backward is named even when the user's step functions are right.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import SCALES, Ctx, Suite, as_layout, layouts, seeds
from checker.suites import _recurrent as common
from checker.suites._layouts import note
from checker.suites._own_cache import TITLE, check_own_cache, show_calls

suite = Suite()

step_dims = st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4))  # (N, D, H)
seq_dims = st.tuples(st.integers(1, 4), st.integers(1, 5), st.integers(1, 4), st.integers(1, 4))
# From T = 2 where the backward pass through time is compared: with one step the
# slips in the loop around it (no carried gradient, the loop's direction, ...)
# give the right answer.
bptt_dims = st.tuples(st.integers(1, 4), st.integers(2, 5), st.integers(1, 4), st.integers(1, 4))
# x up to 30: pre-activations stay within about +-150, so a tanh written with
# exponentials (as some CS231n solutions do) is as right as np.tanh; the contract
# says so. Unit scale first: a failing example shrinks to where tanh is neither
# linear nor flat.
RNN_SCALES = tuple(s for s in SCALES if s <= 10.0) + (30.0,)
scales = st.sampled_from(sorted(RNN_SCALES, key=lambda s: abs(np.log10(s))))

STEP_GRADS = ("dx", "dprev_h", "dWx", "dWh", "db")
SEQ_GRADS = ("dx", "dh0", "dWx", "dWh", "db")


def _weights(rng: np.random.Generator, d: int, hdim: int):
    wx = rng.standard_normal((d, hdim)) / np.sqrt(d)
    wh = rng.standard_normal((hdim, hdim)) / np.sqrt(hdim)
    b = rng.standard_normal(hdim) * 0.5
    return wx, wh, b


def _state(rng: np.random.Generator, shape: tuple[int, ...], scale: float) -> np.ndarray:
    # A hidden state is a tanh output, in (-1, 1); small scales keep it near 0.
    return np.tanh(rng.standard_normal(shape) * scale)


def _step_case(seed: int, n: int, d: int, hdim: int, scale: float):
    """(x, prev_h, Wx, Wh, b) and dnext_h."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d)) * scale
    prev_h = _state(rng, (n, hdim), scale)
    wx, wh, b = _weights(rng, d, hdim)
    return (x, prev_h, wx, wh, b), rng.standard_normal((n, hdim))


def _seq_case(seed: int, n: int, t: int, d: int, hdim: int, scale: float):
    """(x, h0, Wx, Wh, b) and dh."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, t, d)) * scale
    h0 = _state(rng, (n, hdim), scale)
    wx, wh, b = _weights(rng, d, hdim)
    return (x, h0, wx, wh, b), rng.standard_normal((n, t, hdim))


def _biggest(*arrays: np.ndarray) -> float:
    return max(float(np.max(np.abs(a))) for a in arrays)


# ----------------------------------------------------------------- models of known mistakes

# The factor the gradient of next_h is multiplied by, tanh'(a) and its slips.
_DERIVATIVES = {
    "right": lambda a, h: 1 - h**2,
    "tanh derivative taken at the wrong point": lambda a, h: 1 - a**2,
    "tanh derivative taken at the wrong point#2": lambda a, h: 1 - np.tanh(h) ** 2,
    "wrong formula for tanh's derivative": lambda a, h: 1 - h,
    "wrong formula for tanh's derivative#2": lambda a, h: h * (1 - h),
    "tanh derivative left out": lambda a, h: np.ones_like(h),
}


def _step_grads(x, prev_h, wx, wh, b, dnext, derivative="right"):
    a = x @ wx + prev_h @ wh + b
    da = dnext * _DERIVATIVES[derivative](a, np.tanh(a))
    return [da @ wx.T, da @ wh.T, x.T @ da, prev_h.T @ da, da.sum(axis=0)], da


# No tanh of our own is a mistake within the contract's input scale (see RNN_SCALES).
_EXP_TANHS: dict = {}


def _step_forward_mistakes(x, prev_h, wx, wh, b):
    a = x @ wx + prev_h @ wh + b
    return {
        "Wh transposed in the forward pass": lambda: np.tanh(x @ wx + prev_h @ wh.T + b),
        **{name: (lambda f=f: f(a)) for name, f in _EXP_TANHS.items()},
    }


def _step_backward_mistakes(args, dnext) -> list[dict]:
    """One dict of models per output of rnn_step_backward, in its order."""
    x, prev_h, wx, wh, _ = args
    right, da = _step_grads(*args, dnext)
    models = {
        name: (lambda name=name: _step_grads(*args, dnext, name)[0])
        for name in _DERIVATIVES
        if name != "right"
    }
    models["dWx or dWh transposed"] = lambda: [*right[:2], da.T @ x, da.T @ prev_h, right[4]]
    models["dprev_h or dx without the transpose"] = lambda: [da @ wx, da @ wh, *right[2:]]
    models["dprev_h or dx without the transpose#2"] = lambda: [right[0], da @ wh, *right[2:]]
    models["db summed over the wrong axis"] = lambda: [*right[:4], da.sum(axis=1)]
    models["db summed over the wrong axis#2"] = lambda: [*right[:4], da.sum(0, keepdims=True)]
    models["db summed over the wrong axis#3"] = lambda: [*right[:4], da]
    models["db summed over the wrong axis#4"] = lambda: [*right[:4], da.sum()]
    return [{name: (lambda m=m, i=i: m()[i]) for name, m in models.items()} for i in range(5)]


def _seq_forward(x, h0, wx, wh, b, slip=None):
    """h of rnn_forward, or of one of its slips."""
    prev, states = h0, []
    tanh = _EXP_TANHS.get(slip, np.tanh)
    for t in range(x.shape[1]):
        feed = h0 if slip == "h0" else prev
        nxt = tanh(x[:, t] @ wx + feed @ (wh.T if slip == "wh.T" else wh) + b)
        states.append(prev if slip == "shift" else nxt)
        prev = nxt
    return np.stack(states, axis=1)


def _seq_forward_mistakes(x, h0, wx, wh, b):
    return {
        "h0 fed to every step": lambda: _seq_forward(x, h0, wx, wh, b, "h0"),
        "hidden states shifted by one step": lambda: _seq_forward(x, h0, wx, wh, b, "shift"),
        "hidden states shifted by one step#2": lambda: np.concatenate(
            [h0[:, None], _seq_forward(x, h0, wx, wh, b)], axis=1
        ),
        "Wh transposed in the forward pass": lambda: _seq_forward(x, h0, wx, wh, b, "wh.T"),
        "time stacked first (T, N, ...)": lambda: (
            _seq_forward(x, h0, wx, wh, b).transpose(1, 0, 2)
        ),
        **{name: (lambda n=name: _seq_forward(x, h0, wx, wh, b, n)) for name in _EXP_TANHS},
    }


def _bptt(x, h0, wx, wh, b, dh, slip=None):
    """(dx, dh0, dWx, dWh, db) of rnn_backward, or of one of its slips."""
    n, steps, _ = x.shape
    h = _seq_forward(x, h0, wx, wh, b)
    prevs = [h0, *(h[:, t] for t in range(steps - 1))]
    caches = [(x[:, t], prevs[t], h[:, t]) for t in range(steps)]
    if slip == "last cache":  # only the last step's cache kept
        caches = [caches[-1]] * steps
    elif slip == "prev buffer":  # every cache holds one prev_h buffer, left at h_(T-1)
        caches = [(xt, h[:, -1], ht) for xt, _, ht in caches]
    dx = np.zeros(x.shape)
    dwx, dwh, db = np.zeros_like(wx), np.zeros_like(wh), np.zeros_like(b)
    dprev = dh[:, -1].copy() if slip == "dh twice" else np.zeros_like(h0)
    order = range(steps) if slip == "forwards" else reversed(range(steps))
    for t in order:
        dcur = dh[:, t] if slip == "no carry" else dh[:, t] + dprev
        xt, pt, ht = caches[t]
        da = dcur * (1 - ht**2)
        dx[:, t], dprev = da @ wx.T, da @ wh.T
        parts = (xt.T @ da, pt.T @ da, da.sum(axis=0))
        if slip == "overwrite":
            dwx, dwh, db = parts
        else:
            dwx, dwh, db = dwx + parts[0], dwh + parts[1], db + parts[2]
    dh0 = np.zeros_like(h0) if slip == "dh0 zero" else dprev
    if slip == "time first":
        dx = dx.transpose(1, 0, 2)
    return [dx, dh0, dwx, dwh, db]


_BPTT_SLIPS = {
    "no gradient carried back through time": "no carry",
    "backpropagation through time run forwards": "forwards",
    "weight gradients overwritten at each step": "overwrite",
    "dh0 left at zero": "dh0 zero",
    "last step's upstream gradient added twice": "dh twice",
    "steps share one cache": "prev buffer",
    "steps share one cache#2": "last cache",
    "time stacked first (T, N, ...)": "time first",
}


def _seq_backward_mistakes(args, dh) -> list[dict]:
    """One dict of models per output of rnn_backward, in its order."""
    models = {
        name: (lambda slip=slip: _bptt(*args, dh, slip)) for name, slip in _BPTT_SLIPS.items()
    }
    return [{name: (lambda m=m, i=i: m()[i]) for name, m in models.items()} for i in range(5)]


# ----------------------------------------------------------------- tolerances


def _forward_atol(x, prev_h, wx, wh, b) -> float:
    # The pre-activation adds up terms of size |x||Wx| D + |h||Wh| H + |b|; where
    # they cancel, a sum in another order differs by rounding on that scale.
    d, hdim = wx.shape
    size = _biggest(x) * _biggest(wx) * d + _biggest(prev_h) * _biggest(wh) * hdim + _biggest(b)
    return 1e-12 * size


def _step_atols(args, dnext) -> tuple[float, ...]:
    """Absolute allowances of (dx, dprev_h, dWx, dWh, db) on their natural scales
    (tanh's derivative is at most 1), for entries that cancel to almost zero."""
    x, prev_h, wx, wh, _ = args
    n, hdim = dnext.shape
    g = 1e-10 * _biggest(dnext)
    return (
        g * _biggest(wx) * hdim,
        g * _biggest(wh) * hdim,
        g * _biggest(x) * n,
        g * _biggest(prev_h) * n,
        g * n,
    )


def _seq_atols(args, dh) -> tuple[float, ...]:
    """As _step_atols, with the gradient reaching each state bounded by backpropagating
    |dh| through |Wh| with tanh's derivative taken as 1."""
    x, h0, wx, wh, _ = args
    n, steps, hdim = dh.shape
    carried, biggest = np.zeros((n, hdim)), 0.0
    for t in reversed(range(steps)):
        reaching = np.abs(dh[:, t]) + carried
        biggest = max(biggest, float(reaching.max()))
        carried = reaching @ np.abs(wh).T
    g = 1e-10 * biggest
    count = n * steps
    return (
        g * _biggest(wx) * hdim,
        g * _biggest(wh) * hdim,
        g * _biggest(x) * count,
        g * max(_biggest(h0), 1.0) * count,
        g * count,
    )


def _expect_grads(ctx, names, got, expected, atols, mistakes, prefix=""):
    for name, g, e, atol, m in zip(names, got, expected, atols, mistakes, strict=True):
        ctx.expect_close(prefix + name, g, e, atol=atol, mistakes=m)


# ----------------------------------------------------------------- one step


@suite.prop(
    "step forward: next_h = tanh(x @ Wx + prev_h @ Wh + b)",
    max_examples=15,
    dims=step_dims,
    seed=seeds,
    scale=scales,
    layout=layouts,
)
def step_forward(ctx: Ctx, dims, seed, scale, layout):
    args, _ = _step_case(seed, *dims, scale)
    ctx.show(**dict(zip(("x", "prev_h", "Wx", "Wh", "b"), args, strict=True)), layout=note(layout))
    out, _ = ctx.call("rnn_step_forward", *(as_layout(a, layout) for a in args), unpack=2)
    expected, _ = ctx.ref.rnn_step_forward(*args)
    ctx.expect_close(
        "next_h",
        out,
        expected,
        atol=_forward_atol(*args),
        mistakes=_step_forward_mistakes(*args),
    )


@suite.prop(
    "step backward: dx, dprev_h, dWx, dWh, db match the exact gradients",
    max_examples=20,
    dims=step_dims,
    seed=seeds,
    scale=scales,
    layout=layouts,
)
def step_backward(ctx: Ctx, dims, seed, scale, layout):
    args, dnext = _step_case(seed, *dims, scale)
    names = ("x", "prev_h", "Wx", "Wh", "b")
    ctx.show(**dict(zip(names, args, strict=True)), dnext_h=dnext, layout=note(layout))
    _, cache = ctx.call("rnn_step_forward", *(as_layout(a, layout) for a in args), unpack=2)
    got = ctx.call("rnn_step_backward", as_layout(dnext, layout), cache, unpack=5)
    _, ref_cache = ctx.ref.rnn_step_forward(*args)
    expected = ctx.ref.rnn_step_backward(dnext, ref_cache)
    _expect_grads(
        ctx,
        STEP_GRADS,
        got,
        expected,
        _step_atols(args, dnext),
        _step_backward_mistakes(args, dnext),
    )


def _grad_checks(ctx, forward, names, grads, args, upstream, mistakes):
    """Each gradient against a centred difference of sum(forward(*args) * upstream)."""
    for i, (name, grad) in enumerate(zip(names, grads, strict=True)):

        def loss(v, i=i):
            varied = [*args[:i], v, *args[i + 1 :]]
            out, _ = ctx.call(forward, *varied, unpack=2)
            return float(np.sum(np.asarray(out) * upstream))

        ctx.grad_check(name, loss, args[i], grad, mistakes=mistakes[i])


@suite.prop(
    "step gradient check: the derivative of your rnn_step_forward",
    max_examples=5,
    dims=st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3)),
    seed=seeds,
)
def step_gradient_check(ctx: Ctx, dims, seed):
    args, dnext = _step_case(seed, *dims, 1.0)
    ctx.show(**dict(zip(("x", "prev_h", "Wx", "Wh", "b"), args, strict=True)), dnext_h=dnext)
    _, cache = ctx.call("rnn_step_forward", *args, unpack=2)
    grads = ctx.call("rnn_step_backward", dnext, cache, unpack=5)
    mistakes = _step_backward_mistakes(args, dnext)
    _grad_checks(ctx, "rnn_step_forward", STEP_GRADS, grads, args, dnext, mistakes)


@suite.prop(
    f"step {TITLE}",
    max_examples=5,
    first=step_dims,
    second=step_dims,
    other_shape=st.booleans(),
    seed=seeds,
)
def step_own_cache(ctx: Ctx, first, second, other_shape, seed):
    dims = (first, second if other_shape else first)
    cases = [_step_case(seed + 7 * k, *dims[k], 1.0) for k in range(2)]
    show_calls(
        ctx,
        [
            {**dict(zip(("x", "prev_h", "Wx", "Wh", "b"), args, strict=True)), "dnext_h": dnext}
            for args, dnext in cases
        ],
    )
    check_own_cache(
        ctx,
        "rnn_step_forward",
        "rnn_step_backward",
        cases,
        STEP_GRADS,
        atols=lambda k: _step_atols(*cases[k]),
    )


# ----------------------------------------------------------------- the sequence


@suite.prop(
    "rnn_forward: h[:, t] is the state after step t, fed h[:, t-1]",
    max_examples=15,
    dims=seq_dims,
    seed=seeds,
    scale=scales,
    layout=layouts,
)
def seq_forward(ctx: Ctx, dims, seed, scale, layout):
    args, _ = _seq_case(seed, *dims, scale)
    ctx.show(**dict(zip(("x", "h0", "Wx", "Wh", "b"), args, strict=True)), layout=note(layout))
    h, _ = ctx.call("rnn_forward", *(as_layout(a, layout) for a in args), unpack=2)
    expected, _ = ctx.ref.rnn_forward(*args)
    x, h0, wx, wh, b = args
    ctx.expect_close(
        "h",
        h,
        expected,
        atol=_forward_atol(x, np.maximum(np.abs(h0), 1.0), wx, wh, b),
        mistakes=_seq_forward_mistakes(*args),
    )


@suite.prop(
    "rnn_backward: dx, dh0, dWx, dWh, db match the exact gradients",
    max_examples=20,
    dims=bptt_dims,
    seed=seeds,
    scale=scales,
    layout=layouts,
)
def seq_backward(ctx: Ctx, dims, seed, scale, layout):
    args, dh = _seq_case(seed, *dims, scale)
    names = ("x", "h0", "Wx", "Wh", "b")
    ctx.show(**dict(zip(names, args, strict=True)), dh=dh, layout=note(layout))
    _, cache = ctx.call("rnn_forward", *(as_layout(a, layout) for a in args), unpack=2)
    got = ctx.call("rnn_backward", as_layout(dh, layout), cache, unpack=5)
    _, ref_cache = ctx.ref.rnn_forward(*args)
    expected = ctx.ref.rnn_backward(dh, ref_cache)
    _expect_grads(
        ctx, SEQ_GRADS, got, expected, _seq_atols(args, dh), _seq_backward_mistakes(args, dh)
    )


@suite.prop(
    "sequence gradient check: the derivative of your rnn_forward",
    max_examples=5,
    dims=st.tuples(st.integers(1, 2), st.integers(1, 3), st.integers(1, 3), st.integers(1, 3)),
    seed=seeds,
)
def seq_gradient_check(ctx: Ctx, dims, seed):
    args, dh = _seq_case(seed, *dims, 1.0)
    ctx.show(**dict(zip(("x", "h0", "Wx", "Wh", "b"), args, strict=True)), dh=dh)
    _, cache = ctx.call("rnn_forward", *args, unpack=2)
    grads = ctx.call("rnn_backward", dh, cache, unpack=5)
    _grad_checks(ctx, "rnn_forward", SEQ_GRADS, grads, args, dh, _seq_backward_mistakes(args, dh))


@suite.prop(
    f"sequence {TITLE}",
    max_examples=5,
    first=bptt_dims,
    second=bptt_dims,
    other_shape=st.booleans(),
    seed=seeds,
)
def seq_own_cache(ctx: Ctx, first, second, other_shape, seed):
    dims = (first, second if other_shape else first)
    cases = [_seq_case(seed + 7 * k, *dims[k], 1.0) for k in range(2)]
    show_calls(
        ctx,
        [
            {**dict(zip(("x", "h0", "Wx", "Wh", "b"), args, strict=True)), "dh": dh}
            for args, dh in cases
        ],
    )
    check_own_cache(
        ctx, "rnn_forward", "rnn_backward", cases, SEQ_GRADS, atols=lambda k: _seq_atols(*cases[k])
    )


# ----------------------------------------------------------------- invariants


@suite.prop(
    "causality: no state depends on a later input, no gradient flows forward",
    max_examples=8,
    dims=bptt_dims,
    last=st.integers(0, 3),
    seed=seeds,
)
def causality(ctx: Ctx, dims, last, seed):
    steps = dims[1]
    k = min(last, steps - 2)  # the last step whose loss counts; later inputs change
    args, dh = _seq_case(seed, *dims, 1.0)
    common.check_causality(
        ctx, "rnn", ("x", "h0", "Wx", "Wh", "b"), args, dh, k, seed,
        lambda: _bptt(*args, dh, "forwards")[0],
    )


# ----------------------------------------------------------------- speed


@suite.speed("rnn_backward", size="N=32, T=20, D=H=64")
def _speed(impl, rng: np.random.Generator):
    x, h0 = rng.standard_normal((32, 20, 64)), rng.standard_normal((32, 64)) * 0.1
    wx, wh = rng.standard_normal((64, 64)) * 0.1, rng.standard_normal((64, 64)) * 0.1
    b, dh = np.zeros(64), rng.standard_normal((32, 20, 64))
    _, cache = impl.rnn_forward(x, h0, wx, wh, b)
    return lambda: impl.rnn_backward(dh, cache)
