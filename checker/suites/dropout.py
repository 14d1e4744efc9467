"""Hidden suite for the dropout drill (inverted dropout, p = probability of zeroing).

Masks are random and the generator is the user's choice, so nothing here compares
a mask with the reference's: the properties are structural (each output is 0 or
x / (1 - p)), statistical (the kept fraction, with 6-sigma binomial bounds) and
about reproducibility (seeds) and consistency (backward reuses the forward mask).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import Ctx, PropertyFailed, Suite, as_layout, layouts, rng_array, scales
from checker.suites._layouts import note
from checker.suites._own_cache import TITLE, check_own_cache, show_calls

suite = Suite()

# np.random.seed accepts seeds below 2**32; the properties also use seed + 1.
small_seeds = st.integers(0, 2**31 - 1)
# Values of p far enough from 0.5 that a kept fraction near p tells "p used as
# the keep probability" apart from a right answer on a few hundred units.
lopsided_p = st.sampled_from([0.25, 0.1, 0.3, 0.7, 0.8, 0.9])
any_p = st.sampled_from([0.5, 0.25, 0.1, 0.75, 0.9, 0.6])


def _param(p: float, seed: int | None, mode: str = "train") -> dict:
    param = {"mode": mode, "p": p}
    if seed is not None:
        param["seed"] = seed
    return param


def _within(count: int, n: int, q: float) -> bool:
    """Is `count` kept out of n plausible for keep probability q (6 sigma)?"""
    return abs(count - n * q) <= 6 * math.sqrt(n * q * (1 - q)) + 1


def _fail(ctx: Ctx, summary: str, mistake: str | None = None) -> PropertyFailed:
    return ctx.fail("wrong_answer", summary, mistake=ctx.mistakes.get(mistake or ""))


@contextmanager
def _naming(ctx: Ctx, mistake: str, kinds: tuple[str, ...]) -> Iterator[None]:
    """Attach `mistake` to a failure of one of `kinds` that names nothing else:
    within these blocks every such failure is that mistake by construction."""
    try:
        yield
    except PropertyFailed as failed:
        if failed.failure.kind in kinds and failed.failure.mistake is None:
            failed.failure.mistake = ctx.mistakes.get(mistake)
        raise


def _scale_mistakes(x: np.ndarray, kept: np.ndarray, p: float) -> dict[str, Callable]:
    """What each scaling mistake outputs with the user's own kept units."""
    frac = float(kept.mean()) if kept.size else 0.0

    def as_keep() -> np.ndarray:
        if abs(frac - p) >= abs(frac - (1 - p)):
            raise ValueError("about 1 - p kept: not this mistake")
        return np.where(kept, x / p, 0.0)

    return {
        "p used as the keep probability": as_keep,
        "kept units divided by p": lambda: np.where(kept, x / p, 0.0),
        "kept units not rescaled": lambda: np.where(kept, x, 0.0),
        "kept units scaled by 1 - p": lambda: np.where(kept, x * (1 - p), 0.0),
    }


def _backward_mistakes(dx, dout: np.ndarray, kept: np.ndarray, p: float) -> dict[str, Callable]:
    def new_mask() -> np.ndarray:
        # Right scale, but on units the backward chose itself.
        return np.where(np.asarray(dx) != 0, dout / (1 - p), 0.0)

    return {
        "backward ignores the mask": lambda: dout,
        "backward misses the 1/(1-p) scale": lambda: np.where(kept, dout, 0.0),
        "backward draws a new mask": new_mask,
    }


def _expect_kept_values(ctx: Ctx, x: np.ndarray, out, p: float) -> np.ndarray:
    """Each output is 0 or x / (1 - p); returns the user's kept units."""
    ctx.expect_array("out", out, x)
    kept = out != 0
    ctx.expect_close(
        "out",
        out,
        np.where(kept, x / (1 - p), 0.0),
        rtol=1e-7,
        mistakes=_scale_mistakes(x, kept, p),
        what="is neither 0 nor x / (1 - p)",
    )
    return kept


def _expect_masked_backward(
    ctx: Ctx, x: np.ndarray, dout: np.ndarray, param: dict, layout: str = "C"
) -> None:
    """Forward in train mode, then dx must be dout times the forward's own scaled
    mask: the kept units are read from the user's output, not from a reference.
    The user's functions get x and dout in memory layout `layout`."""
    p = param["p"]
    out, cache = ctx.call("dropout_forward", as_layout(x, layout), dict(param), unpack=2)
    kept = _expect_kept_values(ctx, x, out, p)
    dx = ctx.call("dropout_backward", as_layout(dout, layout), cache)
    ctx.expect_close(
        "dx",
        dx,
        np.where(kept, dout / (1 - p), 0.0),
        rtol=1e-7,
        mistakes=_backward_mistakes(dx, dout, kept, p),
    )


def _expect_identity(ctx: Ctx, x: np.ndarray, dout: np.ndarray, param: dict, when: str) -> None:
    """Forward must return x and backward dout, unchanged (test mode, or p = 0)."""
    out, cache = ctx.call("dropout_forward", x, dict(param), unpack=2)
    ctx.expect_close(f"out ({when})", out, x, rtol=1e-12, what="is not x")
    dx = ctx.call("dropout_backward", dout, cache)
    ctx.expect_close(f"dx ({when})", dx, dout, rtol=1e-12, what="is not dout")


# ----------------------------------------------------------------- train forward


@suite.prop(
    "train forward: every output is 0 or x / (1 - p)",
    max_examples=25,
    n=st.integers(2, 8),
    d=st.integers(100, 160),
    seed=small_seeds,
    scale=scales,
    p=lopsided_p,
    layout=layouts,
)
def kept_values(ctx: Ctx, n, d, seed, scale, p, layout):
    x = rng_array(seed, (n, d), scale)
    param = _param(p, seed)
    ctx.show(x=x, dropout_param=param, layout=note(layout))
    out, _ = ctx.call("dropout_forward", as_layout(x, layout), dict(param), unpack=2)
    _expect_kept_values(ctx, x, out, p)


@suite.prop(
    "train forward: every example and unit gets its own draw (rows of a batch differ)",
    max_examples=12,
    n=st.integers(2, 6),
    d=st.integers(200, 260),
    seed=small_seeds,
    p=any_p,
)
def independent_units(ctx: Ctx, n, d, seed, p):
    x = rng_array(seed, (n, d))
    param = _param(p, seed)
    ctx.show(x=x, dropout_param=param)
    out, _ = ctx.call("dropout_forward", x, dict(param), unpack=2)
    ctx.expect_array("out", out, x)
    kept = out != 0
    whole_rows = kept.all(axis=1) | ~kept.any(axis=1)
    if whole_rows.all():
        raise _fail(
            ctx,
            "every row was kept or dropped as a whole: units must be dropped independently",
            "whole rows dropped together",
        )
    # A right answer repeats a row of >= 200 units with probability below 1e-17.
    if all(np.array_equal(kept[0], row) for row in kept[1:]):
        raise _fail(
            ctx,
            f"all {n} rows of the batch kept exactly the same units: each example needs "
            "its own mask",
            "one mask for the whole batch",
        )


@suite.prop(
    "train forward: about 1 - p of the units are kept (6-sigma binomial bound)",
    max_examples=15,
    n=st.integers(20, 40),
    d=st.integers(50, 80),
    seed=small_seeds,
    p=st.sampled_from([0.25, 0.1, 0.3, 0.5, 0.75, 0.9, 0.6]),
)
def kept_fraction(ctx: Ctx, n, d, seed, p):
    x = rng_array(seed, (n, d))
    param = _param(p, seed)
    ctx.show(x=x, dropout_param=param)
    out, _ = ctx.call("dropout_forward", x, dict(param), unpack=2)
    ctx.expect_array("out", out, x)
    kept, total = int(np.count_nonzero(out)), x.size
    if _within(kept, total, 1 - p):
        return
    lo = total * (1 - p) - 6 * math.sqrt(total * p * (1 - p))
    hi = total * (1 - p) + 6 * math.sqrt(total * p * (1 - p))
    raise _fail(
        ctx,
        f"kept {kept} of {total} units ({kept / total:.1%}); with p = {p} (the probability "
        f"of zeroing) about {1 - p:.0%} should survive, between {max(lo, 0):.0f} and "
        f"{min(hi, total):.0f}",
        "p used as the keep probability" if _within(kept, total, p) else None,
    )


@suite.prop(
    "train forward: the same seed gives the same output, another seed another mask",
    max_examples=12,
    n=st.integers(1, 4),
    d=st.integers(60, 100),
    seed=small_seeds,
    p=any_p,
)
def seeded(ctx: Ctx, n, d, seed, p):
    x = rng_array(seed, (n, d))
    ctx.show(x=x, dropout_param=_param(p, seed))
    first, _ = ctx.call("dropout_forward", x, _param(p, seed), unpack=2)
    again, _ = ctx.call("dropout_forward", x, _param(p, seed), unpack=2)
    ctx.expect_array("out", first, x)
    ctx.expect_array("out", again, x)
    if not np.array_equal(first, again):
        raise _fail(ctx, f"two calls with seed={seed} gave different outputs", "seed ignored")
    other, _ = ctx.call("dropout_forward", x, _param(p, seed + 1), unpack=2)
    ctx.expect_array("out", other, x)
    # >= 60 units: two independent masks coincide with probability below 1e-9.
    if np.array_equal(first != 0, np.asarray(other) != 0):
        raise _fail(
            ctx,
            f"seeds {seed} and {seed + 1} gave exactly the same mask",
            "seed ignored",
        )


@suite.prop(
    "train forward: works without a seed",
    max_examples=6,
    n=st.integers(1, 5),
    d=st.integers(1, 40),
    seed=small_seeds,
    p=any_p,
)
def no_seed(ctx: Ctx, n, d, seed, p):
    x = rng_array(seed, (n, d))
    param = _param(p, None)
    ctx.show(x=x, dropout_param=param)
    out, _ = ctx.call("dropout_forward", x, dict(param), unpack=2)
    _expect_kept_values(ctx, x, out, p)


# ----------------------------------------------------------------- backward


@suite.prop(
    "backward: dx is dout times the forward's scaled mask",
    max_examples=20,
    n=st.integers(2, 6),
    d=st.integers(40, 80),
    seed=small_seeds,
    scale=scales,
    p=any_p,
    with_seed=st.booleans(),
    layout=layouts,
)
def backward_mask(ctx: Ctx, n, d, seed, scale, p, with_seed, layout):
    x = rng_array(seed, (n, d))
    dout = rng_array(seed + 1, (n, d), scale)
    # Without a seed too: a backward that redraws "the same" mask from the seed
    # only works when there is one.
    param = _param(p, seed if with_seed else None)
    ctx.show(x=x, dout=dout, dropout_param=param, layout=note(layout))
    _expect_masked_backward(ctx, x, dout, param, layout)


@suite.prop(
    "gradient check: backward is the derivative of your forward (fixed seed)",
    max_examples=8,
    n=st.integers(1, 3),
    d=st.integers(1, 5),
    seed=small_seeds,
    p=st.sampled_from([0.5, 0.25]),
)
def gradient_check(ctx: Ctx, n, d, seed, p):
    x = rng_array(seed, (n, d))
    dout = rng_array(seed + 1, (n, d))
    param = _param(p, seed)
    ctx.show(x=x, dout=dout, dropout_param=param)
    out, cache = ctx.call("dropout_forward", x, dict(param), unpack=2)
    kept = np.asarray(out) != 0
    dx = ctx.call("dropout_backward", dout, cache)

    def loss(v: np.ndarray) -> float:
        o, _ = ctx.call("dropout_forward", v, dict(param), unpack=2)
        return float(np.sum(np.asarray(o) * dout))

    ctx.grad_check("dx", loss, x, dx, mistakes=_backward_mistakes(dx, dout, kept, p))


# ----------------------------------------------------------------- shapes and modes


@suite.prop(
    "any input shape: (N, C, H, W) feature maps, 1-D arrays and more",
    max_examples=20,
    shape=st.lists(st.integers(1, 5), min_size=1, max_size=4).map(tuple),
    seed=small_seeds,
    p=any_p,
)
def any_shape(ctx: Ctx, shape, seed, p):
    x = rng_array(seed, shape)
    dout = rng_array(seed + 1, shape)
    param = _param(p, seed)
    ctx.show(x=x, dout=dout, dropout_param=param)
    kinds = ("runtime_error", "wrong_shape") if len(shape) != 2 else ()
    with _naming(ctx, "only 2-D input handled", kinds):
        _expect_masked_backward(ctx, x, dout, param)


# After "any input shape": its second forward may get a map or a 1-D array, and an
# answer that handles only 2-D input is named there.
@suite.prop(
    TITLE,
    max_examples=6,
    first=st.tuples(st.integers(2, 4), st.integers(20, 40)),
    second=st.lists(st.integers(1, 6), min_size=1, max_size=4).map(tuple),
    other_shape=st.booleans(),
    seed=small_seeds,
    ps=st.tuples(any_p, any_p),
)
def own_cache(ctx: Ctx, first, second, other_shape, seed, ps):
    shapes = (first, second if other_shape else first)
    xs = [rng_array(seed + 2 * k, shapes[k]) for k in range(2)]
    douts = [rng_array(seed + 2 * k + 1, shapes[k]) for k in range(2)]
    params = [_param(ps[k], seed + k) for k in range(2)]
    show_calls(ctx, [{"x": xs[k], "dout": douts[k], "dropout_param": params[k]} for k in range(2)])

    def model(dout: np.ndarray, j: int, out) -> tuple[np.ndarray]:
        """dout times forward j's own scaled mask, read from that forward's output."""
        ctx.expect_array("out", out, xs[j])
        return (np.where(out != 0, dout / (1 - ps[j]), 0.0),)

    calls = [((xs[k], params[k]), douts[k]) for k in range(2)]
    check_own_cache(ctx, "dropout_forward", "dropout_backward", calls, ("dx",), model=model)


@suite.prop(
    "test mode: forward and backward are the identity",
    max_examples=12,
    shape=st.sampled_from([(3, 4), (1, 1), (2, 3, 4, 5), (7,), (5, 1)]),
    seed=small_seeds,
    scale=scales,
    p=any_p,
    with_seed=st.booleans(),
)
def test_mode(ctx: Ctx, shape, seed, scale, p, with_seed):
    x = rng_array(seed, shape, scale)
    dout = rng_array(seed + 1, shape, scale)
    param = _param(p, seed if with_seed else None, mode="test")
    ctx.show(x=x, dout=dout, dropout_param=param)
    with _naming(ctx, "test mode not the identity", ("wrong_answer", "runtime_error")):
        _expect_identity(ctx, x, dout, param, "test mode")


@suite.prop(
    "p = 0 keeps every unit: out equals x and dx equals dout",
    max_examples=6,
    shape=st.sampled_from([(4, 5), (1, 1), (2, 3, 2, 2)]),
    seed=small_seeds,
    scale=scales,
)
def p_zero(ctx: Ctx, shape, seed, scale):
    x = rng_array(seed, shape, scale)
    dout = rng_array(seed + 1, shape, scale)
    param = _param(0.0, seed)
    ctx.show(x=x, dout=dout, dropout_param=param)
    _expect_identity(ctx, x, dout, param, "p = 0")


@suite.prop(
    "p outside [0, 1) raises ValueError",
    max_examples=6,
    p=st.sampled_from([1.0, -0.1, 1.5, -1.0, 2.0]),
    seed=small_seeds,
)
def bad_p(ctx: Ctx, p, seed):
    x = rng_array(seed, (3, 4))
    param = _param(p, seed)
    ctx.show(x=x, dropout_param=param)
    ctx.expect_raises(
        "dropout_forward", ValueError, x, dict(param), why=f"p = {p} is not in [0, 1)"
    )


# ----------------------------------------------------------------- speed


@suite.speed("dropout_forward", size="x of shape (256, 1024)")
def _speed(impl, rng: np.random.Generator):
    x = rng.standard_normal((256, 1024))
    return lambda: impl.dropout_forward(x, {"mode": "train", "p": 0.5, "seed": 0})
