"""Hidden suite for the rmsnorm drill (per-row root mean square, (N, D) input, no beta)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import SCALES, Ctx, Suite, as_layout, layouts, rng_array, seeds
from checker.suites._layouts import note
from checker.suites._own_cache import TITLE, check_own_cache, show_calls

suite = Suite()

DEFAULT_EPS = 1e-6
dims = st.tuples(st.integers(1, 8), st.integers(1, 6))  # (N, D)
# From D = 2 where gradients are compared: with D = 1 every row normalises to
# about +-1 whatever x is, dx is only an eps-sized effect, and most backward
# mistakes coincide with the right answer there. D = 1 is still checked by the
# forward and by the zero-row property.
backward_dims = st.tuples(st.integers(1, 8), st.integers(2, 6))
# Unit scale first so a failing example shrinks to ordinary values.
scales = st.sampled_from(sorted(SCALES, key=lambda s: abs(np.log10(s))))
# The largest eps first: a failing example shrinks to where a misplaced eps shows.
eps_choices = st.sampled_from([1e-3, 1e-6, 1e-8])


def _case(seed: int, n: int, d: int, scale: float):
    rng = np.random.default_rng(seed)
    # Rows at different levels: a subtracted mean shows.
    shift = rng.standard_normal((n, 1)) * scale
    x = rng.standard_normal((n, d)) * scale + shift
    gamma = rng.uniform(0.5, 2.0, d) * rng.choice([-1.0, 1.0], d)
    return x, gamma


def _rms(x, eps, axis=1):
    return np.sqrt(np.mean(x * x, axis=axis, keepdims=True) + eps)


# ----------------------------------------------------------------- models of known mistakes


def _forward_mistakes(x, gamma, eps, got=None):
    d = x.shape[1]
    centred = x - x.mean(axis=1, keepdims=True)
    ms = np.mean(x * x, axis=1, keepdims=True)
    sq_sum = np.sum(x * x, axis=1, keepdims=True)

    def other_eps():
        # The common defaults a user might have written instead of 1e-6.
        options = [
            gamma * x / _rms(x, e) for e in (1e-5, 1e-8, 1e-12, np.finfo(np.float64).eps, 0.0)
        ]
        target = np.asarray(got, dtype=np.float64)
        return min(options, key=lambda v: float(np.nanmax(np.abs(v - target))))

    mistakes = {
        "mean subtracted (that is layer norm)": lambda: gamma * centred / _rms(centred, eps),
        "mean subtracted (that is layer norm)#2": lambda: gamma * centred / _rms(x, eps),
        "statistics over the batch (axis 0)": lambda: gamma * x / _rms(x, eps, axis=0),
        # np.mean(x**2, axis=1) of shape (N,), broadcast as a row vector.
        "statistics without keepdims": lambda: gamma * x / np.sqrt(np.mean(x * x, axis=1) + eps),
        "epsilon outside the square root": lambda: gamma * x / (np.sqrt(ms) + eps),
        "sum of squares instead of the mean": lambda: gamma * x / np.sqrt(sq_sum + eps),
        "sum of squares instead of the mean#2": lambda: gamma * x * d / np.sqrt(sq_sum + eps),
        "sum of squares instead of the mean#3": lambda: gamma * x * d / (np.sqrt(sq_sum) + eps),
        "gamma not applied": lambda: x / _rms(x, eps),
    }
    if got is not None:
        mistakes["wrong default eps"] = other_eps
    return mistakes


def _backward_mistakes(x, gamma, eps, dout):
    rms = _rms(x, eps)
    xhat = x / rms
    dxhat = dout * gamma
    right = (dxhat - xhat * np.mean(dxhat * xhat, axis=1, keepdims=True)) / rms
    return {
        "dx treats the rms as a constant": lambda: dxhat / rms,
        "dx with layer norm's mean path": lambda: right - dxhat.mean(axis=1, keepdims=True) / rms,
        "dx correction without the 1/D": lambda: (
            (dxhat - xhat * np.sum(dxhat * xhat, axis=1, keepdims=True)) / rms
        ),
        # gamma factored out of a sum along which it varies.
        "gamma pulled out of the feature sum": lambda: (
            gamma * (dout - xhat * np.mean(dout * xhat, axis=1, keepdims=True)) / rms
        ),
        "dx ignores gamma": lambda: (
            (dout - xhat * np.mean(dout * xhat, axis=1, keepdims=True)) / rms
        ),
        "dx sums over the batch (axis 0)": lambda: (
            (dxhat - xhat * np.mean(dxhat * xhat, axis=0, keepdims=True)) / rms
        ),
        "dgamma uses x instead of x-hat": lambda: (dout * x).sum(axis=0),
        "dgamma summed over the features (axis 1)": lambda: (dout * xhat).sum(axis=1),
        "dgamma kept as (1, D)": lambda: (dout * xhat).sum(axis=0, keepdims=True),
    }


def _atols(x, gamma, eps, dout) -> tuple[float, float]:
    # dx's natural size is |gamma| |dout| / rms, dgamma's is |dout|. An error passes
    # when |got - expected| <= atol + 1e-6 * (|expected| + ...): entries that cancel to
    # (almost) zero are judged on that scale, where a differently ordered sum can land.
    size = float(np.max(np.abs(dout)))
    smallest = float(np.min(_rms(x, eps)))
    return 1e-6 * size * float(np.max(np.abs(gamma))) / smallest, 1e-6 * size


# ----------------------------------------------------------------- forward


@suite.prop(
    "forward: each row divided by its own root mean square, times gamma",
    max_examples=30,
    nd=dims,
    seed=seeds,
    scale=scales,
    eps=eps_choices,
    layout=layouts,
)
def forward_matches(ctx: Ctx, nd, seed, scale, eps, layout):
    x, gamma = _case(seed, *nd, scale)
    ctx.show(x=x, gamma=gamma, eps=eps, layout=note(layout))
    args = (as_layout(x, layout), as_layout(gamma, layout), eps)
    out, _ = ctx.call("rmsnorm_forward", *args, unpack=2)
    expected, _ = ctx.ref.rmsnorm_forward(x, gamma, eps)
    ctx.expect_close("out", out, expected, mistakes=_forward_mistakes(x, gamma, eps))


@suite.prop(
    "default: eps = 1e-6 when it is not passed",
    max_examples=10,
    nd=st.tuples(st.integers(1, 6), st.integers(1, 6)),
    seed=seeds,
    scale=st.sampled_from([1e-3, 3e-4]),
)
def default_eps(ctx: Ctx, nd, seed, scale):
    x, gamma = _case(seed, *nd, scale)
    ctx.show(x=x, gamma=gamma)
    out, _ = ctx.call("rmsnorm_forward", x, gamma, unpack=2)
    expected, _ = ctx.ref.rmsnorm_forward(x, gamma)
    ctx.expect_close(
        "out (eps not passed)",
        out,
        expected,
        mistakes=_forward_mistakes(x, gamma, DEFAULT_EPS, got=out),
    )


# ----------------------------------------------------------------- backward


@suite.prop(
    "backward: dx and dgamma match the exact gradients",
    max_examples=30,
    nd=backward_dims,
    seed=seeds,
    scale=scales,
    eps=eps_choices,
    layout=layouts,
)
def backward_matches(ctx: Ctx, nd, seed, scale, eps, layout):
    x, gamma = _case(seed, *nd, scale)
    dout = rng_array(seed + 4, nd)
    ctx.show(x=x, gamma=gamma, eps=eps, dout=dout, layout=note(layout))
    _, cache = ctx.call(
        "rmsnorm_forward", as_layout(x, layout), as_layout(gamma, layout), eps, unpack=2
    )
    dx, dgamma = ctx.call("rmsnorm_backward", as_layout(dout, layout), cache, unpack=2)
    _, ref_cache = ctx.ref.rmsnorm_forward(x, gamma, eps)
    rdx, rdgamma = ctx.ref.rmsnorm_backward(dout, ref_cache)
    mistakes = _backward_mistakes(x, gamma, eps, dout)
    dx_atol, dgamma_atol = _atols(x, gamma, eps, dout)
    ctx.expect_close("dgamma", dgamma, rdgamma, atol=dgamma_atol, mistakes=mistakes)
    ctx.expect_close("dx", dx, rdx, atol=dx_atol, mistakes=mistakes)


@suite.prop(
    "gradient check: backward is the derivative of your forward",
    max_examples=12,
    n=st.integers(1, 4),
    d=st.integers(2, 5),  # D = 1: see backward_dims
    seed=seeds,
)
def gradient_check(ctx: Ctx, n, d, seed):
    x, gamma = _case(seed, n, d, 1.0)
    dout = rng_array(seed + 5, (n, d))
    ctx.show(x=x, gamma=gamma, dout=dout)
    _, cache = ctx.call("rmsnorm_forward", x, gamma, unpack=2)
    dx, dgamma = ctx.call("rmsnorm_backward", dout, cache, unpack=2)

    def loss_of(xv, g):
        out, _ = ctx.call("rmsnorm_forward", xv, g, unpack=2)
        return float(np.sum(np.asarray(out) * dout))

    mistakes = _backward_mistakes(x, gamma, DEFAULT_EPS, dout)
    ctx.grad_check("dx", lambda v: loss_of(v, gamma), x, dx, mistakes=mistakes)
    ctx.grad_check("dgamma", lambda v: loss_of(x, v), gamma, dgamma, mistakes=mistakes)


@suite.prop(
    TITLE,
    max_examples=6,
    first=backward_dims,
    second=backward_dims,
    other_shape=st.booleans(),
    seed=seeds,
    scale=scales,
    eps=st.tuples(eps_choices, eps_choices),
)
def own_cache(ctx: Ctx, first, second, other_shape, seed, scale, eps):
    shape = (first, second if other_shape else first)
    cases = [_case(seed + 7 * k, *shape[k], scale) for k in range(2)]
    douts = [rng_array(seed + 7 * k + 4, shape[k]) for k in range(2)]
    show_calls(
        ctx,
        [
            {"x": x, "gamma": g, "eps": e, "dout": d}
            for (x, g), d, e in zip(cases, douts, eps, strict=True)
        ],
    )
    check_own_cache(
        ctx,
        "rmsnorm_forward",
        "rmsnorm_backward",
        [((x, g, e), d) for (x, g), d, e in zip(cases, douts, eps, strict=True)],
        ("dx", "dgamma"),
        atols=lambda k: _atols(*cases[k], eps[k], douts[k]),
        order=(1, 0),  # dgamma, then dx: the simpler failure first
    )


# ----------------------------------------------------------------- invariants


@suite.prop(
    "with gamma = 1 every row of the output has root mean square about 1",
    max_examples=15,
    n=st.integers(1, 8),
    d=st.integers(1, 6),
    seed=seeds,
    scale=st.sampled_from([1.0, 10.0, 1e3]),
)
def row_rms(ctx: Ctx, n, d, seed, scale):
    x, _ = _case(seed, n, d, scale)
    ctx.show(x=x, gamma=np.ones(d))
    out, _ = ctx.call("rmsnorm_forward", x, np.ones(d), unpack=2)
    ctx.expect_array("out", out, x)
    ms = np.mean(x * x, axis=1)
    ctx.expect_close(
        "root mean square of each row of out",
        np.sqrt(np.mean(out * out, axis=1)),
        np.sqrt(ms / (ms + DEFAULT_EPS)),
        what="is not 1 (times sqrt(mean(x^2) / (mean(x^2) + eps)))",
    )


@suite.prop(
    "a row's output does not depend on the other rows",
    max_examples=10,
    n=st.integers(2, 6),
    d=st.integers(1, 5),
    seed=seeds,
)
def rows_independent(ctx: Ctx, n, d, seed):
    x, gamma = _case(seed, n, d, 1.0)
    ctx.show(x=x, gamma=gamma)
    out, _ = ctx.call("rmsnorm_forward", x, gamma, unpack=2)
    ctx.expect_array("out", out, x)
    for i in range(n):
        alone, _ = ctx.call("rmsnorm_forward", x[i : i + 1].copy(), gamma, unpack=2)
        ctx.expect_close(
            f"out[{i}] of the whole batch",
            out[i],
            np.asarray(alone, dtype=np.float64).reshape(-1),
            atol=1e-6,
            what=f"differs from the output for row {i} passed on its own",
        )


@suite.prop(
    "a row of zeros gives finite output and gradients (no NaN)",
    max_examples=10,
    n=st.integers(1, 6),
    d=st.integers(1, 5),
    seed=seeds,
)
def zero_row(ctx: Ctx, n, d, seed):
    x, gamma = _case(seed, n, d, 1.0)
    x[0, :] = 0.0
    dout = rng_array(seed + 3, (n, d))
    ctx.show(x=x, gamma=gamma, dout=dout)
    out, cache = ctx.call("rmsnorm_forward", x, gamma, unpack=2)
    expected, ref_cache = ctx.ref.rmsnorm_forward(x, gamma)
    ctx.expect_close("out", out, expected, mistakes=_forward_mistakes(x, gamma, DEFAULT_EPS))
    dx, dgamma = ctx.call("rmsnorm_backward", dout, cache, unpack=2)
    rdx, rdgamma = ctx.ref.rmsnorm_backward(dout, ref_cache)
    mistakes = _backward_mistakes(x, gamma, DEFAULT_EPS, dout)
    dx_atol, dgamma_atol = _atols(x, gamma, DEFAULT_EPS, dout)
    ctx.expect_close("dgamma", dgamma, rdgamma, atol=dgamma_atol, mistakes=mistakes)
    ctx.expect_close("dx", dx, rdx, atol=dx_atol, mistakes=mistakes)


# ----------------------------------------------------------------- speed


@suite.speed("rmsnorm_backward", size="N=512, D=1024")
def _speed(impl, rng: np.random.Generator):
    x, dout = rng.standard_normal((512, 1024)), rng.standard_normal((512, 1024))
    _, cache = impl.rmsnorm_forward(x, np.ones(1024))
    return lambda: impl.rmsnorm_backward(dout, cache)
