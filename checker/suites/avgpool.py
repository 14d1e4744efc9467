"""Hidden suite for the avgpool drill (mean pooling on (N, C, H, W) maps).

Average pooling is linear, so any input values work; the mistakes are the same
geometry slips as in max pooling plus the wrong divisor, and are told apart on
probe inputs when a shrunk example fits several (see checker.suites._pooling,
which also holds the properties shared with maxpool).
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import Ctx, Suite, rng_array
from checker.suites._pooling import (
    Geometry,
    Model,
    PoolingSpec,
    add_speeds,
    add_sum_property,
    add_value_properties,
    geometries,
    pool_loop,
)

suite = Suite()


# ----------------------------------------------------------------- models of known mistakes


def _mean_loop(x, ph, pw, s, ho, wo):
    return pool_loop(x, ph, pw, s, ho, wo, reduce=np.mean)


def _reference_out(x: np.ndarray, g: Geometry) -> np.ndarray:
    return _mean_loop(x, g.ph, g.pw, g.s, g.ho, g.wo)


def _share(x, g, dout, divisor, step=None, dims=None, assign=False):
    """Spread dout / divisor over each window: the correct backward when divisor is
    ph * pw, or a variant with another window step or size, or assignment.
    Windows running off the edge are truncated, as numpy slicing does."""
    step = g.s if step is None else step
    ph, pw = dims or (g.ph, g.pw)
    dx = np.zeros_like(x)
    for i in range(g.ho):
        for j in range(g.wo):
            rows = slice(i * step, i * step + ph)
            cols = slice(j * step, j * step + pw)
            part = np.broadcast_to(
                (dout[:, :, i, j] / divisor)[:, :, None, None], dx[:, :, rows, cols].shape
            )
            if assign:
                dx[:, :, rows, cols] = part
            else:
                dx[:, :, rows, cols] += part
    return dx


def _to_maximum(x, g, dout):
    n, c = np.indices((g.n, g.c))
    dx = np.zeros_like(x)
    for i in range(g.ho):
        for j in range(g.wo):
            window = x[:, :, i * g.s : i * g.s + g.ph, j * g.s : j * g.s + g.pw]
            a, b = np.unravel_index(window.reshape(g.n, g.c, -1).argmax(axis=2), (g.ph, g.pw))
            dx[n, c, i * g.s + a, j * g.s + b] += dout[:, :, i, j]
    return dx


def _one_window_per_input(x, g, dout):
    dx = np.zeros_like(x)
    for h in range(g.h):
        for w in range(g.w):
            i, j = h // g.s, w // g.s
            if i < g.ho and j < g.wo:
                dx[:, :, h, w] = dout[:, :, i, j] / (g.ph * g.pw)
    return dx


FORWARD_MISTAKES: dict[str, tuple[Model, ...]] = {
    "sum instead of mean": (lambda x, g, _: _reference_out(x, g) * (g.ph * g.pw),),
    "divided by the wrong count": tuple(
        (lambda x, g, _, k=k: _reference_out(x, g) * (g.ph * g.pw) / k(g))
        for k in (lambda g: g.ph * g.ph, lambda g: g.pw * g.pw, lambda g: g.s * g.s)
    ),
    "output size off by one": (
        lambda x, g, _: _reference_out(x, g)[:, :, :-1, :],
        lambda x, g, _: _reference_out(x, g)[:, :, :, :-1],
        lambda x, g, _: _reference_out(x, g)[:, :, :-1, :-1],
    ),
    "H and W swapped": (
        lambda x, g, _: _mean_loop(x, g.pw, g.ph, g.s, g.ho, g.wo),
        lambda x, g, _: _mean_loop(
            x, g.pw, g.ph, g.s, 1 + (g.h - g.pw) // g.s, 1 + (g.w - g.ph) // g.s
        ),
        lambda x, g, _: _mean_loop(
            x, g.ph, g.pw, g.s, 1 + (g.w - g.pw) // g.s, 1 + (g.h - g.ph) // g.s
        ),
        lambda x, g, _: _mean_loop(
            x, g.ph, g.pw, g.s, 1 + (g.w - g.ph) // g.s, 1 + (g.h - g.pw) // g.s
        ),
    ),
    "stride ignored": (
        lambda x, g, _: _mean_loop(x, g.ph, g.pw, 1, g.ho, g.wo),
        lambda x, g, _: _mean_loop(x, g.ph, g.pw, 1, g.h - g.ph + 1, g.w - g.pw + 1),
    ),
}

BACKWARD_MISTAKES: dict[str, tuple[Model, ...]] = {
    "gradient not divided by the window size": (lambda x, g, d: _share(x, g, d, 1.0),),
    "divided by the wrong count": (
        lambda x, g, d: _share(x, g, d, g.ph * g.ph),
        lambda x, g, d: _share(x, g, d, g.pw * g.pw),
        lambda x, g, d: _share(x, g, d, g.s * g.s),
    ),
    "assigning instead of accumulating": (
        lambda x, g, d: _share(x, g, d, g.ph * g.pw, assign=True),
    ),
    "H and W swapped": (lambda x, g, d: _share(x, g, d, g.ph * g.pw, dims=(g.pw, g.ph)),),
    "stride ignored": (lambda x, g, d: _share(x, g, d, g.ph * g.pw, step=1),),
    "gradient sent only to the maximum": (_to_maximum,),
    "one window per input position": (_one_window_per_input,),
}


SPEC = PoolingSpec(
    forward="avg_pool_forward",
    backward="avg_pool_backward",
    make_x=rng_array,
    forward_mistakes=FORWARD_MISTAKES,
    backward_mistakes=BACKWARD_MISTAKES,
    forward_text="forward: out is the mean of every window",
    backward_text="backward: each entry gets dout / (ph * pw) from every window it is in",
    value_examples=35,
    forward_atol=1e-12,
    dout_on_x_scale=True,
)

# Forward, backward and gradient check first; then the invariants.
add_value_properties(suite, SPEC)
add_sum_property(
    suite,
    SPEC,
    "dx sums to the sum of dout, overlapping windows or not",
    geometries(),
    what="is not the sum of dout (each window shares out exactly its own gradient)",
)


@suite.prop(
    "a constant input pools to the same constant",
    max_examples=10,
    g=geometries(),
    value=st.sampled_from([0.0, 2.5, -1e3, 1e-4]),
)
def constant_input(ctx: Ctx, g, value):
    x = np.full(g.x_shape, value)
    ctx.show(x=x, pool_param=g.param)
    out, _ = ctx.call("avg_pool_forward", x, dict(g.param), unpack=2)
    ctx.expect_close("out", out, np.full(g.out_shape, value), atol=1e-12)


add_speeds(suite, SPEC)
