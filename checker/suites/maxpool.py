"""Hidden suite for the maxpool drill (CS231n max pooling on (N, C, H, W) maps).

Value checks feed inputs whose entries are all distinct (a shuffled ramp), so
every window has one maximum and max is differentiable there; ties get their own
properties: finite results of the right shape on all-equal windows, and each
window's gradient split among its tied maxima, adding up to exactly its dout.

Known mistakes are modelled as functions of a geometry, so that when several of
them explain a (small, shrunk) failing example, the user's code is run on a few
larger probe inputs to tell them apart before the verdict names one. The value
comparisons, gradient check, sum check and speed advice are shared with avgpool
(checker.suites._pooling); the rest is max pooling's own.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import Ctx, Suite, rng_array, seeds
from checker.suites._pooling import (
    Geometry,
    Model,
    PoolingSpec,
    add_speeds,
    add_sum_property,
    add_value_properties,
    distinct_values,
    geometries,
    pool_loop,
)

suite = Suite()


# ----------------------------------------------------------------- models of known mistakes


def _reference_out(x: np.ndarray, g: Geometry) -> np.ndarray:
    return pool_loop(x, g.ph, g.pw, g.s, g.ho, g.wo)


def _route(x, g, dout, step=None, dims=None, unravel=None, assign=False):
    """Send each dout to its window's argmax: the correct backward, or a variant
    with another window step or size, a swapped unravel shape, or assignment.
    Windows running off the edge are truncated, as numpy slicing does."""
    step = g.s if step is None else step
    ph, pw = dims or (g.ph, g.pw)
    n, c = np.indices((g.n, g.c))
    dx = np.zeros_like(x)
    for i in range(g.ho):
        for j in range(g.wo):
            hs, ws = i * step, j * step
            window = x[:, :, hs : hs + ph, ws : ws + pw]
            k = window.reshape(g.n, g.c, -1).argmax(axis=2)
            per_row = unravel[1] if unravel else window.shape[3]
            rows, cols = hs + k // per_row, ws + k % per_row
            if assign:
                dx[n, c, rows, cols] = dout[:, :, i, j]
            else:
                dx[n, c, rows, cols] += dout[:, :, i, j]
    return dx


def _assign_window(x, g, dout):
    dx = np.zeros_like(x)
    for i in range(g.ho):
        for j in range(g.wo):
            rows = slice(i * g.s, i * g.s + g.ph)
            cols = slice(j * g.s, j * g.s + g.pw)
            window = x[:, :, rows, cols]
            mask = window == window.max(axis=(2, 3), keepdims=True)
            dx[:, :, rows, cols] = mask * dout[:, :, i, j][:, :, None, None]
    return dx


def _spread(x, g, dout, share):
    dx = np.zeros_like(x)
    for i in range(g.ho):
        for j in range(g.wo):
            rows = slice(i * g.s, i * g.s + g.ph)
            cols = slice(j * g.s, j * g.s + g.pw)
            dx[:, :, rows, cols] += dout[:, :, i, j][:, :, None, None] * share
    return dx


def _first_element(x, g, dout):
    dx = np.zeros_like(x)
    for i in range(g.ho):
        for j in range(g.wo):
            dx[:, :, i * g.s, j * g.s] += dout[:, :, i, j]
    return dx


def _one_window_per_input(x, g, dout):
    out = _reference_out(x, g)
    dx = np.zeros_like(x)
    for h in range(g.h):
        for w in range(g.w):
            i, j = h // g.s, w // g.s
            if i < g.ho and j < g.wo:
                dx[:, :, h, w] = np.where(x[:, :, h, w] == out[:, :, i, j], dout[:, :, i, j], 0.0)
    return dx


def _shared_argmax(x, g, dout):
    dx = np.zeros_like(x)
    for i in range(g.ho):
        for j in range(g.wo):
            hs, ws = i * g.s, j * g.s
            window = x[:, :, hs : hs + g.ph, ws : ws + g.pw]
            _, _, a, b = np.unravel_index(np.argmax(window), window.shape)
            dx[:, :, hs + a, ws + b] += dout[:, :, i, j]
    return dx


FORWARD_MISTAKES: dict[str, tuple[Model, ...]] = {
    "output size off by one": (
        lambda x, g, _: _reference_out(x, g)[:, :, :-1, :],
        lambda x, g, _: _reference_out(x, g)[:, :, :, :-1],
        lambda x, g, _: _reference_out(x, g)[:, :, :-1, :-1],
    ),
    "H and W swapped": (
        # pool_height used along the width and pool_width along the height
        lambda x, g, _: pool_loop(x, g.pw, g.ph, g.s, g.ho, g.wo),
        lambda x, g, _: pool_loop(
            x, g.pw, g.ph, g.s, 1 + (g.h - g.pw) // g.s, 1 + (g.w - g.ph) // g.s
        ),
        # output sizes computed from the wrong axes
        lambda x, g, _: pool_loop(
            x, g.ph, g.pw, g.s, 1 + (g.w - g.pw) // g.s, 1 + (g.h - g.ph) // g.s
        ),
        lambda x, g, _: pool_loop(
            x, g.ph, g.pw, g.s, 1 + (g.w - g.ph) // g.s, 1 + (g.h - g.pw) // g.s
        ),
        # one output size computed from the other axis (W2 = 1 + (H - pw) // s)
        lambda x, g, _: pool_loop(x, g.ph, g.pw, g.s, g.ho, 1 + (g.h - g.pw) // g.s),
        lambda x, g, _: pool_loop(x, g.ph, g.pw, g.s, 1 + (g.w - g.ph) // g.s, g.wo),
    ),
    "stride ignored": (
        lambda x, g, _: pool_loop(x, g.ph, g.pw, 1, g.ho, g.wo),
        lambda x, g, _: pool_loop(x, g.ph, g.pw, 1, g.h - g.ph + 1, g.w - g.pw + 1),
    ),
    "max initialised to zero": (lambda x, g, _: np.maximum(_reference_out(x, g), 0.0),),
    "max taken over channels too": (
        lambda x, g, _: np.broadcast_to(
            _reference_out(x, g).max(axis=1, keepdims=True), g.out_shape
        ),
    ),
}

BACKWARD_MISTAKES: dict[str, tuple[Model, ...]] = {
    "assigning instead of accumulating": (
        lambda x, g, d: _route(x, g, d, assign=True),
        _assign_window,
    ),
    "gradient spread over the whole window": (
        lambda x, g, d: _spread(x, g, d, 1.0),
        lambda x, g, d: _spread(x, g, d, 1.0 / (g.ph * g.pw)),
    ),
    "H and W swapped": (
        lambda x, g, d: _route(x, g, d, dims=(g.pw, g.ph)),
        lambda x, g, d: _route(x, g, d, unravel=(g.pw, g.ph)),
    ),
    "stride ignored": (lambda x, g, d: _route(x, g, d, step=1),),
    "gradient to the window's first element": (_first_element,),
    "one window per input position": (_one_window_per_input,),
    "one argmax for the whole batch": (_shared_argmax,),
}


def _argmax_mask(x: np.ndarray, g: Geometry) -> np.ndarray:
    """True at every entry that is the maximum of at least one window."""
    return _route(x, g, np.ones(g.out_shape)) > 0


SPEC = PoolingSpec(
    forward="max_pool_forward",
    backward="max_pool_backward",
    make_x=distinct_values,
    forward_mistakes=FORWARD_MISTAKES,
    backward_mistakes=BACKWARD_MISTAKES,
    forward_text="forward: out is the maximum of every window",
    backward_text="backward: dx routes each dout to its window's maximum, summed over windows",
    value_examples=40,
)

# Forward, backward and gradient check first; then the invariants.
add_value_properties(suite, SPEC)


# ----------------------------------------------------------------- invariants


@suite.prop(
    "the gradient lands only on window maxima",
    max_examples=15,
    g=geometries(),
    seed=seeds,
)
def only_on_maxima(ctx: Ctx, g, seed):
    x = distinct_values(seed, g.x_shape)
    dout = rng_array(seed + 3, g.out_shape)
    ctx.show(x=x, pool_param=g.param, dout=dout)
    _, cache = ctx.call("max_pool_forward", x, dict(g.param), unpack=2)
    dx = ctx.call("max_pool_backward", dout, cache)
    ctx.expect_array("dx", dx, x)
    stray = ~_argmax_mask(x, g) & (np.abs(dx) > 1e-12 * np.max(np.abs(dout)))
    if stray.any():
        where = tuple(int(v) for v in np.argwhere(stray)[0])
        ctx.expect(
            False,
            f"dx{list(where)} = {dx[where]:.6g}, but x{list(where)} is the maximum of no "
            "window, so its gradient must be 0",
        )


add_sum_property(
    suite,
    SPEC,
    "non-overlapping windows: dx sums to the sum of dout",
    geometries(overlap=False),
    what="is not the sum of dout (each window passes on exactly its own gradient)",
)


@suite.prop(
    "all-equal windows (zeros after a ReLU, constants): finite output and dx, no error",
    max_examples=12,
    g=geometries(),
    seed=seeds,
    fill=st.sampled_from(["zeros", "relu", "constant", "negative"]),
)
def ties(ctx: Ctx, g, seed, fill):
    if fill == "relu":
        x = np.maximum(rng_array(seed, g.x_shape), 0.0)
    else:
        x = np.full(g.x_shape, {"zeros": 0.0, "constant": 2.5, "negative": -1.5}[fill])
    dout = rng_array(seed + 5, g.out_shape)
    ctx.show(x=x, pool_param=g.param, dout=dout)
    out, cache = ctx.call("max_pool_forward", x, dict(g.param), unpack=2)
    ctx.expect_array("out", out, np.zeros(g.out_shape))
    ctx.expect(bool(np.all(np.isfinite(out))), "out has NaN or inf entries on all-equal windows")
    dx = ctx.call("max_pool_backward", dout, cache)
    ctx.expect_array("dx", dx, x)
    ctx.expect(bool(np.all(np.isfinite(dx))), "dx has NaN or inf entries on all-equal windows")


EVERY_TIE = "every tied maximum gets the whole gradient"


def _tied_input(seed: int, shape: tuple[int, ...], scale: float, fill: str) -> np.ndarray:
    """Inputs whose windows often tie for the maximum: a few levels, a ReLU's zeros,
    or one constant."""
    rng = np.random.default_rng(seed)
    if fill == "levels":
        return rng.integers(0, 3, shape).astype(np.float64) * scale
    if fill == "relu":
        return np.maximum(rng.standard_normal(shape), 0.0) * scale
    return np.full(shape, 2.5 * scale)


def _check_split(ctx: Ctx, x, g: Geometry, d, chosen, dx) -> None:
    """dx for a dout that is zero outside the `chosen` windows, no two of which
    overlap: each chosen window's dout goes to its tied maxima only, in non-negative
    shares that add up to exactly that dout."""
    tied = np.zeros(x.shape, dtype=bool)  # a maximum of a chosen window
    sign = np.zeros(x.shape)  # the sign of that window's dout
    totals, counts = np.zeros(g.out_shape), np.zeros(g.out_shape)
    for i, j in np.argwhere(chosen):
        rows, cols = slice(i * g.s, i * g.s + g.ph), slice(j * g.s, j * g.s + g.pw)
        window = x[:, :, rows, cols]
        top = window == window.max(axis=(2, 3), keepdims=True)
        tied[:, :, rows, cols] = top
        sign[:, :, rows, cols] = np.sign(d[:, :, i, j])[:, :, None, None]
        totals[:, :, i, j] = dx[:, :, rows, cols].sum(axis=(2, 3))
        counts[:, :, i, j] = top.sum(axis=(2, 3))
    tol = 1e-12 * float(np.max(np.abs(d)))
    stray = ~tied & (np.abs(dx) > tol)
    if stray.any():
        at = tuple(int(v) for v in np.argwhere(stray)[0])
        raise ctx.fail(
            "wrong_answer",
            f"dx{list(at)} = {dx[at]:.6g}, but x{list(at)} is not a maximum of any window "
            "whose dout is non-zero here, so its gradient must be 0",
        )
    against = tied & (dx * sign < -tol)
    if against.any():
        at = tuple(int(v) for v in np.argwhere(against)[0])
        raise ctx.fail(
            "wrong_answer",
            f"dx{list(at)} = {dx[at]:.6g} has the opposite sign of its window's dout: the "
            "tied maxima of a window share its gradient in non-negative parts",
        )
    # Indexed like dout; windows outside `chosen` have dout 0 and total 0.
    ctx.expect_close(
        "dx summed over the window",
        totals,
        d,
        atol=tol,
        what="is not that window's dout",
        mistakes={EVERY_TIE: lambda: counts * d},
    )


@suite.prop(
    "tied maxima: each window's dout is split among them, in total exactly dout",
    max_examples=10,
    g=geometries(max_c=2, max_extra=3),
    seed=seeds,
    scale=st.sampled_from([1.0, 1e-3, 1e2]),
    fill=st.sampled_from(["levels", "relu", "constant"]),
)
def tied_split(ctx: Ctx, g, seed, scale, fill):
    x = _tied_input(seed, g.x_shape, scale, fill)
    dout = rng_array(seed + 6, g.out_shape)
    # Windows (i, j) with i % kh == a and j % kw == b never overlap, so with dout
    # zero elsewhere every entry of dx belongs to at most one window's split.
    kh, kw = -(-g.ph // g.s), -(-g.pw // g.s)
    rows, cols = np.indices((g.ho, g.wo))
    for a in range(min(kh, g.ho)):
        for b in range(min(kw, g.wo)):
            chosen = (rows % kh == a) & (cols % kw == b)
            d = np.where(chosen, dout, 0.0)
            ctx.show(x=x, pool_param=g.param, dout=d)
            _, cache = ctx.call("max_pool_forward", x, dict(g.param), unpack=2)
            dx = ctx.call("max_pool_backward", d, cache)
            ctx.expect_array("dx", dx, x)
            _check_split(ctx, x, g, d, chosen, np.asarray(dx, dtype=np.float64))


add_speeds(suite, SPEC)
