"""Hidden suite for the layernorm drill (per-row statistics, (N, D) input)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import SCALES, Ctx, Suite, as_layout, layouts, rng_array, seeds
from checker.suites._bn_common import add_own_cache_property, check_norm_gradients
from checker.suites._layouts import note

suite = Suite()

dims = st.tuples(st.integers(1, 8), st.integers(1, 6))  # (N, D)
# With D = 1 every dx is zero and with D = 2 the two normalised features are +-1
# whatever x is, so dx is only an eps-sized effect: the backward mistakes coincide
# or look like rounding there. The backward comparison uses D >= 3; D = 1 and 2
# are still checked by the forward and by the constant-row property.
backward_dims = st.tuples(st.integers(1, 8), st.integers(3, 6))
# Unit scale first so a failing example shrinks to ordinary values.
scales = st.sampled_from(sorted(SCALES, key=lambda s: abs(np.log10(s))))
# The largest eps first: a failing example shrinks to where a misplaced eps shows.
eps_choices = st.sampled_from([1e-3, 1e-5, 1e-8])


def _case(seed: int, n: int, d: int, scale: float):
    rng = np.random.default_rng(seed)
    shift = rng.standard_normal((n, 1)) * scale  # rows at different levels: the mean matters
    x = rng.standard_normal((n, d)) * scale + shift
    gamma = rng.uniform(0.5, 2.0, d) * rng.choice([-1.0, 1.0], d)
    beta = rng.standard_normal(d)
    return x, gamma, beta


def _normalise(x, eps, axis=1, ddof=0):
    mu = x.mean(axis=axis, keepdims=True)
    return (x - mu) / np.sqrt(x.var(axis=axis, keepdims=True, ddof=ddof) + eps)


# ----------------------------------------------------------------- models of known mistakes


def _forward_mistakes(x, gamma, beta, eps, got=None):
    def flat_stats():
        # x.mean(axis=1) of shape (N,) broadcast as a row vector.
        return gamma * (x - x.mean(axis=1)) / np.sqrt(x.var(axis=1) + eps) + beta

    def other_eps():
        # The common defaults a user might have written instead of 1e-5.
        options = [gamma * _normalise(x, e) + beta for e in (1e-8, 1e-6, 1e-3, 1e-7, 0.0)]
        target = np.asarray(got, dtype=np.float64)
        return min(options, key=lambda v: float(np.nanmax(np.abs(v - target))))

    mu, var = x.mean(1, keepdims=True), x.var(1, keepdims=True)
    mistakes = {
        "statistics over the batch (axis 0)": lambda: gamma * _normalise(x, eps, axis=0) + beta,
        "statistics without keepdims": flat_stats,
        "epsilon outside the square root": lambda: gamma * (x - mu) / (np.sqrt(var) + eps) + beta,
        "unbiased variance": lambda: gamma * _normalise(x, eps, ddof=1) + beta,
    }
    if got is not None:
        mistakes["wrong default eps"] = other_eps
    return mistakes


def _backward_mistakes(x, gamma, eps, dout):
    n, d = x.shape
    mu, var = x.mean(1, keepdims=True), x.var(1, keepdims=True)
    inv = 1.0 / np.sqrt(var + eps)
    xhat = (x - mu) * inv
    dxhat = dout * gamma
    mean_term = -dxhat.sum(1, keepdims=True) * inv / d
    var_term = -xhat * (dxhat * xhat).sum(1, keepdims=True) * inv / d
    return {
        "dx without the mean path": lambda: dxhat * inv + var_term,
        "dx without the variance path": lambda: dxhat * inv + mean_term,
        "dx without the mean and variance paths": lambda: dxhat * inv,
        "dx ignores gamma": lambda: (
            inv
            / d
            * (d * dout - dout.sum(1, keepdims=True) - xhat * (dout * xhat).sum(1, keepdims=True))
        ),
        # Batch norm's compact formula with the axes swapped: right only when gamma is the
        # same for every feature, since gamma varies along the summed axis here.
        "gamma pulled out of the feature sums": lambda: (
            gamma
            * inv
            / d
            * (d * dout - dout.sum(1, keepdims=True) - xhat * (dout * xhat).sum(1, keepdims=True))
        ),
        "dx sums over the batch (axis 0)": lambda: (
            inv / n * (n * dxhat - dxhat.sum(0) - xhat * (dxhat * xhat).sum(0))
        ),
        "dgamma uses x instead of x-hat": lambda: (dout * x).sum(0),
        "dgamma and dbeta summed over the features (axis 1)": lambda: (dout * xhat).sum(1),
        "dgamma and dbeta kept as (1, D)": lambda: (dout * xhat).sum(0, keepdims=True),
    }


def _dbeta_mistakes(dout):
    return {
        "dgamma and dbeta summed over the features (axis 1)": lambda: dout.sum(1),
        "dgamma and dbeta kept as (1, D)": lambda: dout.sum(0, keepdims=True),
    }


def _dx_atol(dout, gamma, x, eps) -> float:
    # dx's natural size is |gamma| |dout| / sqrt(var + eps). An error passes when
    # |got - expected| <= 1e-6 * (|expected| + atol + ...), so this allows about
    # 1e-12 of it in absolute terms, where a differently ordered sum can land.
    smallest = float(np.min(x.var(axis=1))) + eps
    return 1e-6 * float(np.max(np.abs(dout)) * np.max(np.abs(gamma)) / np.sqrt(smallest))


# ----------------------------------------------------------------- forward


@suite.prop(
    "forward: each row normalised with its own mean and variance",
    max_examples=30,
    nd=dims,
    seed=seeds,
    scale=scales,
    eps=eps_choices,
    layout=layouts,
)
def forward_matches(ctx: Ctx, nd, seed, scale, eps, layout):
    x, gamma, beta = _case(seed, *nd, scale)
    ctx.show(x=x, gamma=gamma, beta=beta, ln_param={"eps": eps}, layout=note(layout))
    args = (as_layout(a, layout) for a in (x, gamma, beta))
    out, _ = ctx.call("layernorm_forward", *args, {"eps": eps}, unpack=2)
    expected, _ = ctx.ref.layernorm_forward(x, gamma, beta, {"eps": eps})
    ctx.expect_close("out", out, expected, mistakes=_forward_mistakes(x, gamma, beta, eps))


@suite.prop(
    "default: eps = 1e-5 when ln_param is empty",
    max_examples=10,
    nd=st.tuples(st.integers(1, 6), st.integers(2, 6)),
    seed=seeds,
    scale=st.sampled_from([1e-2, 3e-3]),
)
def default_eps(ctx: Ctx, nd, seed, scale):
    x, gamma, beta = _case(seed, *nd, scale)
    ctx.show(x=x, gamma=gamma, beta=beta, ln_param={})
    out, _ = ctx.call("layernorm_forward", x, gamma, beta, {}, unpack=2)
    expected, _ = ctx.ref.layernorm_forward(x, gamma, beta, {})
    ctx.expect_close(
        "out (ln_param = {})",
        out,
        expected,
        mistakes=_forward_mistakes(x, gamma, beta, 1e-5, got=out),
    )


# ----------------------------------------------------------------- backward


@suite.prop(
    "backward: dx, dgamma, dbeta match the exact gradients",
    max_examples=30,
    nd=backward_dims,
    seed=seeds,
    scale=scales,
    eps=eps_choices,
    layout=layouts,
)
def backward_matches(ctx: Ctx, nd, seed, scale, eps, layout):
    x, gamma, beta = _case(seed, *nd, scale)
    dout = rng_array(seed + 4, nd)
    ctx.show(x=x, gamma=gamma, beta=beta, dout=dout, ln_param={"eps": eps}, layout=note(layout))
    args = (as_layout(a, layout) for a in (x, gamma, beta))
    _, cache = ctx.call("layernorm_forward", *args, {"eps": eps}, unpack=2)
    dx, dgamma, dbeta = ctx.call("layernorm_backward", as_layout(dout, layout), cache, unpack=3)
    _, ref_cache = ctx.ref.layernorm_forward(x, gamma, beta, {"eps": eps})
    rdx, rdgamma, rdbeta = ctx.ref.layernorm_backward(dout, ref_cache)
    mistakes = _backward_mistakes(x, gamma, eps, dout)
    size = float(np.max(np.abs(dout)))
    ctx.expect_close("dbeta", dbeta, rdbeta, atol=1e-6 * size, mistakes=_dbeta_mistakes(dout))
    ctx.expect_close("dgamma", dgamma, rdgamma, atol=1e-6 * size, mistakes=mistakes)
    ctx.expect_close("dx", dx, rdx, atol=_dx_atol(dout, gamma, x, eps), mistakes=mistakes)


@suite.prop(
    "gradient check: backward is the derivative of your forward",
    max_examples=12,
    n=st.integers(1, 4),
    d=st.integers(3, 5),  # D = 2: see backward_dims
    seed=seeds,
)
def gradient_check(ctx: Ctx, n, d, seed):
    x, gamma, beta = _case(seed, n, d, 1.0)
    dout = rng_array(seed + 5, (n, d))
    ctx.show(x=x, gamma=gamma, beta=beta, dout=dout, ln_param={})
    check_norm_gradients(
        ctx,
        "layernorm_forward",
        "layernorm_backward",
        (x, gamma, beta),
        dout,
        {},
        _backward_mistakes(x, gamma, 1e-5, dout),
        dbeta_mistakes=_dbeta_mistakes(dout),
    )


add_own_cache_property(
    suite,
    "layernorm_forward",
    "layernorm_backward",
    backward_dims,
    lambda seed, nd, scale: _case(seed, *nd, scale),
    ("ln_param", lambda eps: {"eps": eps}),
    lambda x, gamma, eps, dout: (
        _dx_atol(dout, gamma, x, eps),
        1e-6 * float(np.max(np.abs(dout))),
        1e-6 * float(np.max(np.abs(dout))),
    ),
)


# ----------------------------------------------------------------- invariants


@suite.prop(
    "with gamma = 1 and beta = 0 every row has mean 0 and std about 1",
    max_examples=15,
    n=st.integers(1, 8),
    d=st.integers(2, 6),
    seed=seeds,
    scale=st.sampled_from([1.0, 10.0, 1e3]),
)
def row_moments(ctx: Ctx, n, d, seed, scale):
    x, _, _ = _case(seed, n, d, scale)
    ctx.show(x=x, gamma=np.ones(d), beta=np.zeros(d), ln_param={})
    out, _ = ctx.call("layernorm_forward", x, np.ones(d), np.zeros(d), {}, unpack=2)
    ctx.expect_array("out", out, x)
    var = x.var(axis=1)
    ctx.expect_close(
        "mean of each row of out", out.mean(axis=1), np.zeros(n), atol=1e-6, what="is not 0"
    )
    ctx.expect_close(
        "std of each row of out",
        out.std(axis=1),
        np.sqrt(var / (var + 1e-5)),
        what="is not 1 (times sqrt(var / (var + eps)))",
    )


@suite.prop(
    "a row's output does not depend on the other rows",
    max_examples=10,
    n=st.integers(2, 6),
    d=st.integers(1, 5),
    seed=seeds,
)
def rows_independent(ctx: Ctx, n, d, seed):
    x, gamma, beta = _case(seed, n, d, 1.0)
    ctx.show(x=x, gamma=gamma, beta=beta, ln_param={})
    out, _ = ctx.call("layernorm_forward", x, gamma, beta, {}, unpack=2)
    ctx.expect_array("out", out, x)
    for i in range(n):
        alone, _ = ctx.call("layernorm_forward", x[i : i + 1].copy(), gamma, beta, {}, unpack=2)
        ctx.expect_close(
            f"out[{i}] of the whole batch",
            out[i],
            np.asarray(alone, dtype=np.float64).reshape(-1),
            atol=1e-6,
            what=f"differs from the output for row {i} passed on its own",
        )


@suite.prop(
    "a constant row gives finite output and gradients (no NaN)",
    max_examples=10,
    n=st.integers(1, 6),
    d=st.integers(1, 5),
    seed=seeds,
    value=st.sampled_from([0.0, 3.0, -1e3]),
)
def constant_row(ctx: Ctx, n, d, seed, value):
    x, gamma, beta = _case(seed, n, d, 1.0)
    x[0, :] = value
    dout = rng_array(seed + 3, (n, d))
    ctx.show(x=x, gamma=gamma, beta=beta, dout=dout, ln_param={})
    out, cache = ctx.call("layernorm_forward", x, gamma, beta, {}, unpack=2)
    expected, ref_cache = ctx.ref.layernorm_forward(x, gamma, beta, {})
    ctx.expect_close("out", out, expected, mistakes=_forward_mistakes(x, gamma, beta, 1e-5))
    grads = ctx.call("layernorm_backward", dout, cache, unpack=3)
    expected_grads = ctx.ref.layernorm_backward(dout, ref_cache)
    size = float(np.max(np.abs(dout)))
    atols = (_dx_atol(dout, gamma, x, 1e-5), 1e-6 * size, 1e-6 * size)
    mistakes = _backward_mistakes(x, gamma, 1e-5, dout)
    for name, g, want, atol in zip(
        ("dx", "dgamma", "dbeta"), grads, expected_grads, atols, strict=True
    ):
        ctx.expect_close(name, g, want, atol=atol, mistakes=mistakes)


# ----------------------------------------------------------------- speed


@suite.speed("layernorm_backward", size="N=512, D=1024")
def _speed(impl, rng: np.random.Generator):
    x, dout = rng.standard_normal((512, 1024)), rng.standard_normal((512, 1024))
    _, cache = impl.layernorm_forward(x, np.ones(1024), np.zeros(1024), {})
    return lambda: impl.layernorm_backward(dout, cache)
