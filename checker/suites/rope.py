"""Hidden suite for the rope drill: rotary position embeddings, rope(x, pos, base) on
x (..., T, d) with the half-split pairing (dimension i with i + d/2, GPT-NeoX and
Hugging Face LLaMA), theta_i = base^(-2i/d), and rope_backward, the transpose.

Positions are drawn by hypothesis itself (not from a seed), so a failing example
shrinks to a readable one: one row at position 1, d = 4, say. Every known mistake is
a variant of `_rope`, the rotation with one slip; the backward's models are the same
variants turned the other way (the transpose of a rotation is the rotation by minus
the angle) and the backward's own slips.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import SCALES, Ctx, Suite, as_layout, layouts, seeds
from checker.suites._layouts import note

suite = Suite()

MAX_POS = 10_000
# Leading axes (none, (B,) or (B, h)), then d / 2: a failing example shrinks to a
# plain (T, d) array and to the smallest d that still shows the slip.
leading = st.lists(st.integers(1, 3), max_size=2).map(tuple)
halves = st.integers(1, 4)
# Each row's position: any integers (repeats included), or a run pos0, pos0 + 1, ...
# as a decoding step with a cache of pos0 tokens passes. Drawn as a list, so that a
# failing example shrinks to small positions (to [1] when one row is enough).
positions = st.one_of(
    st.lists(st.integers(0, MAX_POS), min_size=1, max_size=5),
    st.tuples(st.integers(0, MAX_POS), st.integers(1, 5)).map(
        lambda run: list(range(run[0], run[0] + run[1]))
    ),
)
# No base is a power of another (100 = 10000^(1/2) would make base 100 with the
# exponent doubled look exactly like base 10000, hard-coded).
bases = st.sampled_from([10000.0, 500.0, 500000.0])
# Unit scale first so a failing example shrinks to ordinary values.
scales = st.sampled_from(sorted(SCALES, key=lambda s: abs(np.log10(s))))

DEFAULT_BASE = 10000.0


# ----------------------------------------------------------------- inputs


def _x(seed: int, lead: tuple[int, ...], t: int, half: int, scale: float = 1.0) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((*lead, t, 2 * half)) * scale


def _pos(values) -> np.ndarray:
    return np.asarray(values, dtype=np.int64)


# ----------------------------------------------------------------- the rotation and its slips


def _halves(x):
    half = x.shape[-1] // 2
    return x[..., :half], x[..., half:]


def _rotate_half(x):
    x1, x2 = _halves(x)
    return np.concatenate([-x2, x1], axis=-1)


def _theta(d: int, base: float, variant: str) -> np.ndarray:
    """The d/2 frequencies, or what one slip makes of them (d of them for "per dim")."""
    i = np.arange(d // 2, dtype=np.float64)
    if variant == "no 2":
        return base ** (-i / d)
    if variant == "doubled":
        return base ** (-4.0 * i / d)
    if variant == "from 1":
        return base ** (-2.0 * (i + 1) / d)
    if variant == "not inverted":
        return base ** (2.0 * i / d)
    if variant == "same angle":
        return np.ones(d // 2)
    if variant == "per dim":
        return base ** (-np.arange(d, dtype=np.float64) / d)
    if variant == "per dim 2":
        return base ** (-2.0 * np.arange(d, dtype=np.float64) / d)
    return base ** (-2.0 * i / d)


def _rope(x, pos, base, variant: str = "right") -> np.ndarray:
    """rope(x, pos, base), or the rotation with one slip."""
    d = x.shape[-1]
    if variant == "base 10000":
        base = DEFAULT_BASE
    rows = np.arange(x.shape[-2]) if variant == "row index" else pos
    angle = np.asarray(rows, dtype=np.float64)[:, None] * _theta(d, base, variant)
    if variant == "per dim" or variant == "per dim 2":  # (T, d): one angle per dimension
        return x * np.cos(angle) + _rotate_half(x) * np.sin(angle)
    if variant == "repeated":  # np.repeat's a0 a0 a1 a1 where the halves need a0 a1 a0 a1
        full = np.repeat(angle, 2, axis=-1)
        return x * np.cos(full) + _rotate_half(x) * np.sin(full)
    full = np.concatenate([angle, angle], axis=-1)
    if variant == "no rotate_half":
        return x * np.cos(full) + x * np.sin(full)
    if variant == "added":
        return x + np.concatenate([np.sin(angle), np.cos(angle)], axis=-1)
    if variant == "added interleaved":
        return x + np.stack([np.sin(angle), np.cos(angle)], axis=-1).reshape(full.shape)
    cos, sin = np.cos(angle), np.sin(angle)
    if variant == "interleaved":
        a, b = x[..., 0::2], x[..., 1::2]
        return np.stack([a * cos - b * sin, a * sin + b * cos], axis=-1).reshape(x.shape)
    if variant == "axis 1":  # x[:, :half] and x[:, half:]: the halves of axis 1
        a, b = x[:, : d // 2], x[:, d // 2 :]
        return np.concatenate([a * cos - b * sin, a * sin + b * cos], axis=-1)
    x1, x2 = _halves(x)
    if variant == "wrong way":
        return np.concatenate([x1 * cos + x2 * sin, -x1 * sin + x2 * cos], axis=-1)
    if variant == "halves swapped":
        return np.concatenate([x1 * sin + x2 * cos, x1 * cos - x2 * sin], axis=-1)
    return np.concatenate([x1 * cos - x2 * sin, x1 * sin + x2 * cos], axis=-1)


# Mistake name -> variant of _rope, in the order they are tried (the first that
# matches names the mistake).
FORWARD = {
    "neighbours paired instead of the two halves": "interleaved",
    "theta exponent missing the factor 2": "no 2",
    "theta exponent doubled": "doubled",
    "frequencies indexed from 1": "from 1",
    "theta not inverted": "not inverted",
    "every pair rotated by the same angle": "same angle",
    "one frequency per dimension instead of per pair": "per dim",
    "one frequency per dimension instead of per pair#2": "per dim 2",
    "angles repeated instead of tiled": "repeated",
    "rotated the wrong way (sin signs swapped)": "wrong way",
    "output halves swapped": "halves swapped",
    "rotate half left out": "no rotate_half",
    "sinusoids added instead of rotating": "added",
    "sinusoids added instead of rotating#2": "added interleaved",
    "row index used instead of pos": "row index",
    "base argument ignored": "base 10000",
    "halves split on axis 1 instead of the last axis": "axis 1",
}
SAME_WAY = "backward rotates the same way as the forward"
IDENTITY = "backward returns dout unchanged"


def _forward_mistakes(x, pos, base) -> dict:
    return {name: (lambda v=v: _rope(x, pos, base, v)) for name, v in FORWARD.items()}


def _backward_mistakes(dout, pos, base) -> dict:
    """The backward's own slips first, then each forward slip turned the other way
    (what a backward written as the forward with minus the positions gives)."""
    mistakes = {SAME_WAY: lambda: _rope(dout, pos, base), IDENTITY: lambda: dout.copy()}
    for name, v in FORWARD.items():
        if v == "wrong way":
            continue  # turned back again, it is the forward itself: SAME_WAY
        if v == "row index":
            mistakes[name] = lambda v=v: _rope(dout, -np.arange(dout.shape[-2]), base, "right")
        else:
            mistakes[name] = lambda v=v: _rope(dout, -pos, base, v)
    return mistakes


# ----------------------------------------------------------------- calling and judging


def _args(arr, pos, base, layout: str | None) -> tuple:
    """The call's arguments; base None means it is left to its default. Without a
    layout the arrays go as they are (a gradient check's probe must stay itself)."""
    laid = (arr, pos) if layout is None else (as_layout(arr, layout), as_layout(pos, layout))
    return laid if base is None else (*laid, base)


def _show(ctx: Ctx, name: str, arr, pos, base, layout: str | None = None) -> None:
    shown = {name: arr, "pos": pos, "base": "omitted (default)" if base is None else base}
    if layout is not None:
        shown["layout"] = note(layout)
    ctx.show(**shown)


def _forward(ctx: Ctx, x, pos, base, layout: str | None = None):
    return ctx.call("rope", *_args(x, pos, base, layout))


def _backward(ctx: Ctx, dout, pos, base, layout: str | None = None):
    return ctx.call("rope_backward", *_args(dout, pos, base, layout))


def _expect_out(ctx: Ctx, out, x, pos, base, name: str = "out") -> None:
    b = DEFAULT_BASE if base is None else base
    expected = ctx.ref.rope(x, pos, b)
    ctx.expect_close(name, out, expected, mistakes=_forward_mistakes(x, pos, b))


def _expect_dx(ctx: Ctx, dx, dout, pos, base, name: str = "dx") -> None:
    b = DEFAULT_BASE if base is None else base
    expected = ctx.ref.rope_backward(dout, pos, b)
    ctx.expect_close(name, dx, expected, mistakes=_backward_mistakes(dout, pos, b))


def _pair_norms(x) -> np.ndarray:
    x1, x2 = _halves(np.asarray(x, dtype=np.float64))
    return np.hypot(x1, x2)


# ----------------------------------------------------------------- forward


@suite.prop(
    "forward: pair (i, i + d/2) of each row turned by pos * base^(-2i/d)",
    max_examples=20,
    lead=leading,
    half=halves,
    pos=positions,
    base=bases,
    seed=seeds,
    scale=scales,
    layout=layouts,
)
def forward_matches(ctx: Ctx, lead, half, pos, base, seed, scale, layout):
    pos = _pos(pos)
    x = _x(seed, lead, len(pos), half, scale)
    _show(ctx, "x", x, pos, base, layout)
    out = _forward(ctx, x, pos, base, layout)
    _expect_out(ctx, out, x, pos, base)


@suite.prop(
    "a rotation: the length of every pair (x_i, x_(i + d/2)) is unchanged",
    max_examples=5,
    lead=leading,
    half=halves,
    pos=positions,
    seed=seeds,
)
def pair_norms(ctx: Ctx, lead, half, pos, seed):
    pos = _pos(pos)
    x = _x(seed, lead, len(pos), half)
    _show(ctx, "x", x, pos, DEFAULT_BASE)
    out = _forward(ctx, x, pos, DEFAULT_BASE)
    ctx.expect_array("out", out, x)
    mistakes = _forward_mistakes(x, pos, DEFAULT_BASE)
    ctx.expect_close(
        "the length of pair (i, i + d/2) of out, hypot(out[..., i], out[..., i + d/2])",
        _pair_norms(out),
        _pair_norms(x),
        what="differs from that pair's length in x",
        mistakes={name: (lambda m=m: _pair_norms(m())) for name, m in mistakes.items()},
    )


@suite.prop(
    "position 0 is the identity: rope(x, zeros) = x",
    max_examples=4,
    lead=leading,
    half=halves,
    t=st.integers(1, 5),
    seed=seeds,
)
def position_zero(ctx: Ctx, lead, half, t, seed):
    x = _x(seed, lead, t, half)
    pos = np.zeros(t, dtype=np.int64)
    _show(ctx, "x", x, pos, DEFAULT_BASE)
    out = _forward(ctx, x, pos, DEFAULT_BASE)
    _expect_out(ctx, out, x, pos, DEFAULT_BASE, name="out at position 0")


@suite.prop(
    "relative position: rope(q, m) . rope(k, n) depends on n - m only",
    max_examples=5,
    half=halves,
    pos_q=positions,
    pos_k=positions,
    shift=st.integers(1, MAX_POS),
    seed=seeds,
)
def relative_position(ctx: Ctx, half, pos_q, pos_k, shift, seed):
    pq, pk = _pos(pos_q), _pos(pos_k)
    q = _x(seed, (), len(pq), half)
    k = _x(seed + 1, (), len(pk), half)
    ctx.show(
        q=q,
        k=k,
        pos_q=pq,
        pos_k=pk,
        shift=shift,
        base=DEFAULT_BASE,
        note="scores = rope(q, pos_q) @ rope(k, pos_k).T, then both positions + shift",
    )

    def scores(pos_q, pos_k):
        rq, rk = _forward(ctx, q, pos_q, DEFAULT_BASE), _forward(ctx, k, pos_k, DEFAULT_BASE)
        ctx.expect_array("rope(q, pos_q)", rq, q)
        ctx.expect_array("rope(k, pos_k)", rk, k)
        return rq @ rk.T

    before, after = scores(pq, pk), scores(pq + shift, pk + shift)

    def model(v):
        rq = _rope(q, pq + shift, DEFAULT_BASE, v)
        return lambda: rq @ _rope(k, pk + shift, DEFAULT_BASE, v).T

    ctx.expect_close(
        "the scores with both positions shifted by shift",
        after,
        before,
        # a score is a sum of d products of unit-sized entries
        atol=1e-9 * float(np.abs(q).max() * np.abs(k).max()) * q.shape[-1],
        what="differ from the scores before the shift",
        mistakes={name: model(v) for name, v in FORWARD.items()},
    )


# ----------------------------------------------------------------- backward


@suite.prop(
    "backward: dx = the rotation of dout by minus each angle (rope's transpose)",
    max_examples=12,
    lead=leading,
    half=halves,
    pos=positions,
    base=bases,
    seed=seeds,
    scale=scales,
    layout=layouts,
)
def backward_matches(ctx: Ctx, lead, half, pos, base, seed, scale, layout):
    pos = _pos(pos)
    dout = _x(seed, lead, len(pos), half, scale)
    _show(ctx, "dout", dout, pos, base, layout)
    dx = _backward(ctx, dout, pos, base, layout)
    _expect_dx(ctx, dx, dout, pos, base)


@suite.prop(
    "gradient check: rope_backward is the derivative of your rope",
    max_examples=4,
    lead=st.lists(st.integers(1, 2), max_size=1).map(tuple),
    half=st.integers(1, 3),
    pos=st.lists(st.integers(0, MAX_POS), min_size=1, max_size=3),
    seed=seeds,
)
def gradient_check(ctx: Ctx, lead, half, pos, seed):
    pos = _pos(pos)
    x = _x(seed, lead, len(pos), half)
    dout = _x(seed + 1, lead, len(pos), half)
    ctx.show(x=x, dout=dout, pos=pos, base=DEFAULT_BASE)
    dx = _backward(ctx, dout, pos, DEFAULT_BASE)

    def loss(v):
        return float(np.sum(np.asarray(_forward(ctx, v, pos, DEFAULT_BASE)) * dout))

    ctx.grad_check(
        "rope_backward dx", loss, x, dx, mistakes=_backward_mistakes(dout, pos, DEFAULT_BASE)
    )


@suite.prop(
    "default: base = 10000 when it is omitted, forward and backward",
    max_examples=5,
    lead=leading,
    half=st.integers(2, 4),  # from d = 4: with d = 2 the only theta is 1, whatever the base
    pos=positions,
    seed=seeds,
)
def default_base(ctx: Ctx, lead, half, pos, seed):
    pos = _pos(pos)
    x = _x(seed, lead, len(pos), half)
    dout = _x(seed + 1, lead, len(pos), half)
    _show(ctx, "x", x, pos, None)
    _expect_out(ctx, _forward(ctx, x, pos, None), x, pos, None, name="out (base omitted)")
    _show(ctx, "dout", dout, pos, None)
    _expect_dx(ctx, _backward(ctx, dout, pos, None), dout, pos, None, name="dx (base omitted)")


# ----------------------------------------------------------------- speed


@suite.speed("rope", size="x of shape (B, h, T, d) = (2, 4, 128, 64)")
def _speed(impl, rng: np.random.Generator):
    x = rng.standard_normal((2, 4, 128, 64))
    pos = np.arange(100, 228)
    return lambda: impl.rope(x, pos)
