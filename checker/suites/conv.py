"""Hidden suite for the conv drill (naive convolution with stride and zero padding).

Known mistakes are modelled as loop-based variants of the layer. When several of
them explain a small shrunk example, the user's code is run on a few larger probe
layers to tell them apart before the verdict names one (as in the pooling suites).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import (
    Ctx,
    PropertyFailed,
    Suite,
    as_layout,
    layouts,
    seeds,
)
from checker.suites import _conv_common as common
from checker.suites._conv_common import (
    Layer,
    close_ok,
    closest,
    evaluate,
    layers,
    matches,
    out_atol,
    scales,
)
from checker.suites._layouts import note
from checker.suites._own_cache import TITLE

suite = Suite()

PROBES = (
    Layer(2, 2, 3, 7, 6, 3, 2, 1, 1),
    Layer(2, 3, 2, 8, 9, 2, 3, 2, 2),
    Layer(2, 2, 2, 9, 7, 3, 3, 2, 1),
)


# ----------------------------------------------------------------- models of known mistakes


def _pad(x, top, bottom):
    return np.pad(x, ((0, 0), (0, 0), (top, bottom), (top, bottom)))


def _forward(xp, w, b, s, ho, wo):
    """The layer as loops compute it over an already padded input; a receptive field
    that runs off the edge cannot be multiplied with w and rules the variant out."""
    _, _, hh, ww = w.shape
    out = np.empty((xp.shape[0], w.shape[0], ho, wo))
    for i in range(ho):
        for j in range(wo):
            field = xp[:, :, i * s : i * s + hh, j * s : j * s + ww]
            if field.shape[2:] != (hh, ww):
                raise ValueError("receptive field off the edge")
            out[:, :, i, j] = np.einsum("ncae,fcae->nf", field, w)
    return out + b[None, :, None, None]


def _backward(x, w, dout, g: Layer, step=None, assign_dx=False):
    """(dx padded, dw) as loops compute them, with the window step as a parameter."""
    step = g.s if step is None else step
    xp = _pad(x, g.p, g.p)
    dxp, dw = np.zeros_like(xp), np.zeros_like(w)
    for i in range(g.ho):
        for j in range(g.wo):
            rows = slice(i * step, i * step + g.hh)
            cols = slice(j * step, j * step + g.ww)
            dw += np.einsum("nf,ncae->fcae", dout[:, :, i, j], xp[:, :, rows, cols])
            part = np.einsum("nf,fcae->ncae", dout[:, :, i, j], w)
            if assign_dx:
                dxp[:, :, rows, cols] = part
            else:
                dxp[:, :, rows, cols] += part
    return dxp, dw


def _assign_per_filter(x, w, dout, g: Layer):
    """dx as loops over (n, f, i, j) leave it when each field's gradient is assigned:
    the last filter and the last field covering an entry win."""
    dxp = np.zeros_like(_pad(x, g.p, g.p))
    for f in range(g.f):
        for i in range(g.ho):
            for j in range(g.wo):
                rows = slice(i * g.s, i * g.s + g.hh)
                cols = slice(j * g.s, j * g.s + g.ww)
                dxp[:, :, rows, cols] = dout[:, f, i, j][:, None, None, None] * w[f]
    return dxp


def _crop(dxp, g: Layer):
    return dxp[:, :, g.p : g.p + g.h, g.p : g.p + g.w]


Model = Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray, Layer], np.ndarray]


def _out(x, w, b, g: Layer):
    return _forward(_pad(x, g.p, g.p), w, b, g.s, g.ho, g.wo)


FORWARD_MISTAKES: dict[str, tuple[Model, ...]] = {
    "kernel flipped (true convolution)": (
        lambda x, w, b, d, g: _out(x, w[:, :, ::-1, ::-1], b, g),
    ),
    "bias not added": (lambda x, w, b, d, g: _out(x, w, b, g) - b[None, :, None, None],),
    "padding not applied": (
        lambda x, w, b, d, g: _forward(
            x, w, b, g.s, 1 + (g.h - g.hh) // g.s, 1 + (g.w - g.ww) // g.s
        ),
    ),
    "pad applied only on one side": (
        lambda x, w, b, d, g: _forward(_pad(x, 0, 2 * g.p), w, b, g.s, g.ho, g.wo),
        lambda x, w, b, d, g: _forward(_pad(x, 2 * g.p, 0), w, b, g.s, g.ho, g.wo),
    ),
    "padding counted once in the output size": (
        lambda x, w, b, d, g: _out(x, w, b, g)[
            :, :, : 1 + (g.h + g.p - g.hh) // g.s, : 1 + (g.w + g.p - g.ww) // g.s
        ],
    ),
    "stride ignored": (
        lambda x, w, b, d, g: _forward(_pad(x, g.p, g.p), w, b, 1, g.ho, g.wo),
        lambda x, w, b, d, g: _forward(
            _pad(x, g.p, g.p), w, b, 1, g.h + 2 * g.p - g.hh + 1, g.w + 2 * g.p - g.ww + 1
        ),
    ),
    "H and W swapped": (
        lambda x, w, b, d, g: _forward(
            _pad(x, g.p, g.p),
            w,
            b,
            g.s,
            1 + (g.w + 2 * g.p - g.ww) // g.s,
            1 + (g.h + 2 * g.p - g.hh) // g.s,
        ),
        lambda x, w, b, d, g: _forward(
            _pad(x, g.p, g.p),
            w,
            b,
            g.s,
            1 + (g.w + 2 * g.p - g.hh) // g.s,
            1 + (g.h + 2 * g.p - g.ww) // g.s,
        ),
        lambda x, w, b, d, g: _forward(
            _pad(x, g.p, g.p),
            w,
            b,
            g.s,
            1 + (g.h + 2 * g.p - g.ww) // g.s,
            1 + (g.w + 2 * g.p - g.hh) // g.s,
        ),
    ),
}

DB_MISTAKES: dict[str, tuple[Model, ...]] = {
    "db not summed over the batch and positions": (
        lambda x, w, b, d, g: d.sum(axis=(2, 3)),
        lambda x, w, b, d, g: d.sum(axis=0),
        lambda x, w, b, d, g: d.sum(axis=(0, 2)),
        lambda x, w, b, d, g: d.sum(axis=(0, 3)),
        lambda x, w, b, d, g: d.mean(axis=(0, 2, 3)),
        lambda x, w, b, d, g: d.sum(axis=(0, 2, 3)) / g.n,
        lambda x, w, b, d, g: d.sum(axis=(2, 3)).mean(axis=0),
    ),
}

DW_MISTAKES: dict[str, tuple[Model, ...]] = {
    "dw assigned instead of accumulated": (
        lambda x, w, b, d, g: _backward(x[-1:], w, d[-1:], g)[1],
        lambda x, w, b, d, g: np.einsum(
            "f,cae->fcae",
            d[-1, :, -1, -1],
            _pad(x, g.p, g.p)[
                -1, :, (g.ho - 1) * g.s : (g.ho - 1) * g.s + g.hh, (g.wo - 1) * g.s :
            ][:, :, : g.ww],
        ),
    ),
    "stride ignored": (lambda x, w, b, d, g: _backward(x, w, d, g, step=1)[1],),
    "kernel flipped (true convolution)": (
        lambda x, w, b, d, g: _backward(x, w, d, g)[1][:, :, ::-1, ::-1],
    ),
}

DX_MISTAKES: dict[str, tuple[Model, ...]] = {
    "padding not removed from dx": (lambda x, w, b, d, g: _backward(x, w, d, g)[0],),
    # dx_pad[:, :, pad:-pad, pad:-pad] is right for pad > 0 and empty for pad = 0.
    "un-padding with pad:-pad": (
        lambda x, w, b, d, g: _backward(x, w, d, g)[0][:, :, g.p : -g.p, g.p : -g.p],
    ),
    "dx cropped at the wrong offset": (
        lambda x, w, b, d, g: _backward(x, w, d, g)[0][:, :, : g.h, : g.w],
        lambda x, w, b, d, g: _backward(x, w, d, g)[0][:, :, 2 * g.p :, 2 * g.p :],
    ),
    "dx assigned instead of accumulated": (
        lambda x, w, b, d, g: _crop(_backward(x, w, d, g, assign_dx=True)[0], g),
        lambda x, w, b, d, g: _crop(_assign_per_filter(x, w, d, g), g),
    ),
    "stride ignored": (lambda x, w, b, d, g: _crop(_backward(x, w, d, g, step=1)[0], g),),
    "kernel flipped (true convolution)": (
        lambda x, w, b, d, g: _crop(_backward(x, w[:, :, ::-1, ::-1], d, g)[0], g),
    ),
}


def _diagnose(got, args, table, user_on: Callable[[Layer, tuple], object]):
    """The `mistakes` argument for expect_close: the models that explain `got`,
    disambiguated on the probe layers when a tiny example fits several."""
    if not isinstance(got, np.ndarray):
        return {}
    fits = {}
    for name, models in table.items():
        values = evaluate(models, args)
        if any(matches(got, v) for v in values):
            fits[name] = values
    if len(fits) > 1:
        scores = dict.fromkeys(fits, 0)
        for k, probe in enumerate(PROBES):
            probe_args = (*probe.arrays(3000 + k), probe)
            try:
                user = user_on(probe, probe_args)
            except Exception:  # the user's code fails on the probe: no evidence
                continue
            for name in fits:
                if any(matches(user, v) for v in evaluate(table[name], probe_args)):
                    scores[name] += 1
        best = max(scores.values())
        fits = {name: v for name, v in fits.items() if scores[name] == best}
    return {name: (lambda values=values: closest(got, values)) for name, values in fits.items()}


def _user_forward(ctx: Ctx) -> Callable:
    def run(g: Layer, args):
        x, w, b, _, _ = args
        out, _ = ctx.call("conv_forward_naive", x, w, b, g.param, unpack=2)
        return out

    return run


def _user_gradient(ctx: Ctx, which: int) -> Callable:
    def run(g: Layer, args):
        x, w, b, dout, _ = args
        _, cache = ctx.call("conv_forward_naive", x, w, b, g.param, unpack=2)
        return ctx.call("conv_backward_naive", dout, cache, unpack=3)[which]

    return run


UNPAD = "un-padding with pad:-pad"


def _right_with_padding(ctx: Ctx, g: Layer, seed: int) -> bool:
    """Whether the user's backward, which raised on this pad = 0 layer, gives the right
    dx for the same layer with pad = 1: then the failure is the un-padding slice
    pad:-pad, which is empty at pad = 0 (assigning it into dx raises)."""
    probe = replace(g, p=1)
    x, w, b, dout = probe.arrays(seed)
    try:
        _, cache = ctx.call("conv_forward_naive", x, w, b, dict(probe.param), unpack=2)
        dx = ctx.call("conv_backward_naive", dout, cache, unpack=3)[0]
    except PropertyFailed as failed:
        if failed.failure.kind not in ("runtime_error", "wrong_shape", "wrong_answer"):
            raise  # a time or memory limit stands
        return False
    _, ref_cache = ctx.ref.conv_forward_naive(x.copy(), w.copy(), b.copy(), dict(probe.param))
    want = ctx.ref.conv_backward_naive(dout.copy(), ref_cache)[0]
    return close_ok(dx, want, 1e-9 * float(np.max(np.abs(w))))


# ----------------------------------------------------------------- forward


@suite.prop(
    "forward: out is the cross-correlation of the padded input with each filter, plus b",
    max_examples=40,
    g=layers(),
    seed=seeds,
    scale=scales,
    layout=layouts,
)
def forward_values(ctx: Ctx, g, seed, scale, layout):
    x, w, b, dout = g.arrays(seed, scale)
    ctx.show(x=x, w=w, b=b, conv_param=g.param, layout=note(layout))
    args = (as_layout(a, layout) for a in (x, w, b))
    out, _ = ctx.call("conv_forward_naive", *args, dict(g.param), unpack=2)
    expected, _ = ctx.ref.conv_forward_naive(x.copy(), w.copy(), b.copy(), dict(g.param))
    atol = out_atol(w, scale)
    mistakes = {}
    if not close_ok(out, expected, atol):
        mistakes = _diagnose(out, (x, w, b, dout, g), FORWARD_MISTAKES, _user_forward(ctx))
    ctx.expect_close("out", out, expected, atol=atol, mistakes=mistakes)


# ----------------------------------------------------------------- backward


@suite.prop(
    "backward: db, dw and dx match the definition",
    max_examples=40,
    g=layers(),
    seed=seeds,
    scale=scales,
    layout=layouts,
)
def backward_values(ctx: Ctx, g, seed, scale, layout):
    x, w, b, dout = g.arrays(seed, scale)
    ctx.show(x=x, w=w, b=b, conv_param=g.param, dout=dout, layout=note(layout))
    args = (as_layout(a, layout) for a in (x, w, b))
    _, cache = ctx.call("conv_forward_naive", *args, dict(g.param), unpack=2)
    try:
        grads = ctx.call("conv_backward_naive", as_layout(dout, layout), cache, unpack=3)
    except PropertyFailed as failed:
        # A backward that raises only without padding: name the slice that breaks there.
        if failed.failure.kind == "runtime_error" and g.p == 0:
            if _right_with_padding(ctx, g, seed):
                failed.failure.mistake = ctx.mistakes.get(UNPAD)
        raise
    _, ref_cache = ctx.ref.conv_forward_naive(x.copy(), w.copy(), b.copy(), dict(g.param))
    expected = ctx.ref.conv_backward_naive(dout.copy(), ref_cache)
    args = (x, w, b, dout, g)
    # db, then dw, then dx: the simplest gradient's failure is the most instructive.
    for which, name, table, atol in (
        (2, "db", DB_MISTAKES, 1e-12),
        (1, "dw", DW_MISTAKES, 1e-9 * scale),
        (0, "dx", DX_MISTAKES, 1e-9 * float(np.max(np.abs(w)))),
    ):
        got, want = grads[which], expected[which]
        mistakes = {}
        if not close_ok(got, want, atol):
            mistakes = _diagnose(got, args, table, _user_gradient(ctx, which))
        ctx.expect_close(name, got, want, atol=atol, mistakes=mistakes)


@suite.prop(
    "gradient check: backward is the derivative of your forward (dx, dw, db)",
    max_examples=8,
    g=layers(max_c=2, max_f=2, max_extra=2),
    seed=seeds,
)
def gradient_check(ctx: Ctx, g, seed):
    common.gradient_check(ctx, "conv_forward_naive", "conv_backward_naive", g, seed)


@suite.prop(
    TITLE,
    max_examples=5,
    first=layers(max_c=2, max_f=2, max_extra=3),
    second=layers(max_c=2, max_f=2, max_extra=3),
    other_shape=st.booleans(),
    seed=seeds,
)
def own_cache(ctx: Ctx, first, second, other_shape, seed):
    pair = (first, second if other_shape else first)
    common.own_cache(ctx, "conv_forward_naive", "conv_backward_naive", pair, seed)


# ----------------------------------------------------------------- invariants


@suite.prop(
    "an all-zero input gives the bias at every output position",
    max_examples=10,
    g=layers(),
    seed=seeds,
)
def zero_input(ctx: Ctx, g, seed):
    _, w, b, _ = g.arrays(seed)
    x = np.zeros((g.n, g.c, g.h, g.w))
    ctx.show(x=x, w=w, b=b, conv_param=g.param)
    out, _ = ctx.call("conv_forward_naive", x, w, b, dict(g.param), unpack=2)
    expected = np.broadcast_to(b[None, :, None, None], g.out_shape)
    mistakes = {"bias not added": lambda: np.zeros(g.out_shape)}
    ctx.expect_close("out", out, expected, atol=1e-12, mistakes=mistakes)


@suite.prop(
    "inputs come back unchanged (x, w, b, dout)",
    max_examples=8,
    g=layers(),
    seed=seeds,
)
def unchanged(ctx: Ctx, g, seed):
    common.inputs_unchanged(ctx, "conv_forward_naive", "conv_backward_naive", g, seed)
