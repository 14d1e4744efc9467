"""Hidden suite for the affine drill (fully connected layer, CS231n shapes)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import SCALES, Ctx, Suite, as_layout, layouts, rng_array, seeds
from checker.suites._layouts import note
from checker.suites._own_cache import TITLE, check_own_cache, show_calls

suite = Suite()

batch = st.integers(1, 6)
# From N = 2 in the backward comparison: at N = 1, an unsummed db and a db kept as
# (1, M) are the same array, and the verdict could not say which one it is.
named_batch = st.integers(2, 6)
features = st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple)  # (d1, ..., dk)
outputs = st.integers(1, 5)
# Unit scale first: a failing example shrinks towards it, where a wrong value is
# plainly wrong rather than a small difference on inputs of size 1e-4.
scales = st.sampled_from(sorted(SCALES, key=lambda s: abs(np.log10(s))))


def _case(seed: int, n: int, feat: tuple[int, ...], m: int, scale: float):
    rng = np.random.default_rng(seed)
    d = int(np.prod(feat))
    x = rng.standard_normal((n, *feat)) * scale
    w = rng.standard_normal((d, m)) / np.sqrt(d)
    b = rng.standard_normal(m)
    return x, w, b


def _flat(x: np.ndarray) -> np.ndarray:
    return x.reshape(x.shape[0], -1)


# ----------------------------------------------------------------- models of known mistakes


def _forward_mistakes(x, w, b):
    n = x.shape[0]
    d = w.shape[0]
    return {
        "whole input flattened": lambda: x.flatten() @ w + b,
        "flattened across the batch": lambda: x.reshape(d, -1).T @ w + b,
        "features flattened in Fortran order": lambda: x.reshape(n, d, order="F") @ w + b,
        "bias left out": lambda: _flat(x) @ w,
    }


def _backward_mistakes(x, w, dout):
    x2 = _flat(x)
    return {
        "dx not reshaped to x's shape": lambda: dout @ w.T,
        "dw transposed": lambda: dout.T @ x2,
        "dw uses x without flattening": lambda: x.T @ dout,
        # keepdims before "not summed": with N = 1 the two look the same.
        "db kept as (1, M)": lambda: dout.sum(axis=0, keepdims=True),
        "db not summed over the batch": lambda: dout,
        "db averaged over the batch": lambda: dout.mean(axis=0),
        "gradients averaged over the batch": lambda: x2.T @ dout / x.shape[0],
    }


def _out_atol(x, w, b) -> float:
    # The natural size of out is sum |x_i w_ij| + |b_j|; entries that cancel to ~0 are
    # judged against it, so a loop that adds in another order is never rejected.
    return 1e-12 * float(np.max(np.abs(_flat(x)) @ np.abs(w) + np.abs(b)))


# ----------------------------------------------------------------- forward


@suite.prop(
    "forward: out = x.reshape(N, D) @ w + b",
    max_examples=40,
    n=batch,
    feat=features,
    m=outputs,
    seed=seeds,
    scale=scales,
    layout=layouts,
)
def forward_matches(ctx: Ctx, n, feat, m, seed, scale, layout):
    x, w, b = _case(seed, n, feat, m, scale)
    ctx.show(x=x, w=w, b=b, layout=note(layout))
    out, _ = ctx.call("affine_forward", *(as_layout(a, layout) for a in (x, w, b)), unpack=2)
    expected, _ = ctx.ref.affine_forward(x, w, b)
    ctx.expect_close(
        "out", out, expected, atol=_out_atol(x, w, b), mistakes=_forward_mistakes(x, w, b)
    )


# ----------------------------------------------------------------- backward


@suite.prop(
    "backward: dx (shaped like x), dw and db match the exact gradients",
    max_examples=40,
    n=named_batch,
    feat=features,
    m=outputs,
    seed=seeds,
    scale=scales,
    layout=layouts,
)
def backward_matches(ctx: Ctx, n, feat, m, seed, scale, layout):
    x, w, b = _case(seed, n, feat, m, scale)
    dout = rng_array(seed + 1, (n, m))
    ctx.show(x=x, w=w, b=b, dout=dout, layout=note(layout))
    _, cache = ctx.call("affine_forward", *(as_layout(a, layout) for a in (x, w, b)), unpack=2)
    dx, dw, db = ctx.call("affine_backward", as_layout(dout, layout), cache, unpack=3)
    _, ref_cache = ctx.ref.affine_forward(x, w, b)
    rdx, rdw, rdb = ctx.ref.affine_backward(dout, ref_cache)
    mistakes = _backward_mistakes(x, w, dout)
    size = float(np.max(np.abs(dout)))
    ctx.expect_close("dx", dx, rdx, atol=1e-12 * size * float(np.max(np.abs(w))), mistakes=mistakes)
    ctx.expect_close("dw", dw, rdw, atol=1e-12 * size * float(np.max(np.abs(x))), mistakes=mistakes)
    ctx.expect_close("db", db, rdb, atol=1e-12 * size, mistakes=mistakes)


@suite.prop(
    "gradient check: backward is the derivative of your forward",
    max_examples=12,
    n=st.integers(1, 3),
    feat=st.lists(st.integers(1, 3), min_size=1, max_size=2).map(tuple),
    m=st.integers(1, 3),
    seed=seeds,
)
def gradient_check(ctx: Ctx, n, feat, m, seed):
    x, w, b = _case(seed, n, feat, m, 1.0)
    dout = rng_array(seed + 2, (n, m))
    ctx.show(x=x, w=w, b=b, dout=dout)
    _, cache = ctx.call("affine_forward", x, w, b, unpack=2)
    dx, dw, db = ctx.call("affine_backward", dout, cache, unpack=3)
    mistakes = _backward_mistakes(x, w, dout)

    def loss_of(xv, wv, bv):
        out, _ = ctx.call("affine_forward", xv, wv, bv, unpack=2)
        return float(np.sum(np.asarray(out) * dout))

    ctx.grad_check("dx", lambda v: loss_of(v, w, b), x, dx, mistakes=mistakes)
    ctx.grad_check("dw", lambda v: loss_of(x, v, b), w, dw, mistakes=mistakes)
    ctx.grad_check("db", lambda v: loss_of(x, w, v), b, db, mistakes=mistakes)


@suite.prop(
    TITLE,
    max_examples=6,
    first=st.tuples(named_batch, features, outputs),
    second=st.tuples(named_batch, features, outputs),
    other_shape=st.booleans(),
    seed=seeds,
)
def own_cache(ctx: Ctx, first, second, other_shape, seed):
    shapes = (first, second if other_shape else first)
    cases = [_case(seed + 3 * k, *shapes[k], 1.0) for k in range(2)]
    douts = [rng_array(seed + 3 * k + 1, (shapes[k][0], shapes[k][2])) for k in range(2)]
    show_calls(
        ctx,
        [{"x": x, "w": w, "b": b, "dout": d} for (x, w, b), d in zip(cases, douts, strict=True)],
    )

    def atols(k: int) -> tuple[float, float, float]:
        x, w, _ = cases[k]
        size = float(np.max(np.abs(douts[k])))
        return (
            1e-12 * size * float(np.max(np.abs(w))),
            1e-12 * size * float(np.max(np.abs(x))),
            1e-12 * size,
        )

    calls = [(cases[k], douts[k]) for k in range(2)]
    check_own_cache(ctx, "affine_forward", "affine_backward", calls, ("dx", "dw", "db"), atols)


# ----------------------------------------------------------------- invariants


@suite.prop(
    "each example's output depends on that example alone",
    max_examples=15,
    n=st.integers(2, 5),
    feat=features,
    m=outputs,
    seed=seeds,
)
def rows_independent(ctx: Ctx, n, feat, m, seed):
    x, w, b = _case(seed, n, feat, m, 1.0)
    ctx.show(x=x, w=w, b=b)
    out, _ = ctx.call("affine_forward", x, w, b, unpack=2)
    ctx.expect_array("out", out, np.zeros((n, m)))
    for i in range(n):
        alone, _ = ctx.call("affine_forward", x[i : i + 1].copy(), w, b, unpack=2)
        ctx.expect_close(
            f"out[{i}] of the whole batch",
            out[i],
            np.asarray(alone).reshape(-1),
            atol=_out_atol(x, w, b),
            what=f"differs from the output for example {i} passed on its own",
        )


# ----------------------------------------------------------------- speed


@suite.speed("affine_forward", size="x of shape (64, 3, 8, 8), M=50")
def _speed(impl, rng: np.random.Generator):
    x = rng.standard_normal((64, 3, 8, 8))
    w, b = rng.standard_normal((192, 50)), rng.standard_normal(50)
    return lambda: impl.affine_forward(x, w, b)
