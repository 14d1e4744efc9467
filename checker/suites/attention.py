"""Hidden suite for the attention drill: batched scaled dot-product attention,
forward and backward, with an optional boolean mask (True = may attend, as in
PyTorch's F.scaled_dot_product_attention) and all-zero output for a query whose
mask is all False (where PyTorch gives NaN).

Every known mistake is modelled by `_weights` (the forward with one slip) or
`_grads` (the backward with one slip), so that a wrong output is named whatever
else the user wrote. A call that crashes (a product whose shapes do not fit, as
q @ k.T does on 3-D arrays) is named when the same code, on a cube-shaped input
where every product fits, gives exactly what one of those slips gives.
"""

from __future__ import annotations

from contextlib import contextmanager

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
from checker.suites._layouts import note
from checker.suites._own_cache import TITLE, check_own_cache, show_calls

suite = Suite()

# (d, dv, B, Tq, Tk), the widths first: a failing example shrinks the widths before
# the lengths, so that a scale taken from the wrong dimension (dv, Tq or Tk instead
# of d) ends on an input where only that dimension gives the wrong output.
dims = st.tuples(
    st.integers(1, 6), st.integers(1, 4), st.integers(1, 3), st.integers(1, 5), st.integers(1, 5)
)
# From Tq = Tk = 2 where the backward is compared: with one key every weight is 1 and
# ds = 0 whatever the softmax backward, and with one query a sum over the query axis
# is the element-wise slip; both are still covered by the gradient check.
backward_dims = st.tuples(
    st.integers(1, 6), st.integers(1, 4), st.integers(1, 3), st.integers(2, 5), st.integers(2, 5)
)
small_dims = st.tuples(
    st.integers(1, 3), st.integers(1, 3), st.integers(1, 2), st.integers(1, 3), st.integers(2, 3)
)
# Moderate scales for the comparisons with the definition (unit scale first, so a
# failing example shrinks to ordinary scores); scores in the thousands have their
# own property, built so that each stability slip fails it in its own way.
scales = st.sampled_from(sorted((s for s in SCALES if s <= 10), key=lambda s: abs(np.log10(s))))
MASKS = ("random", "causal", "padding")
mask_kinds = st.sampled_from(MASKS)
any_mask = st.sampled_from((None, *MASKS))

GRADS = ("dq", "dk", "dv")
K_T = "k transposed with .T (all axes reversed)"
FULLY_MASKED_NAN = "fully masked row gives NaN"


# ----------------------------------------------------------------- inputs


def _case(seed: int, d: int, dv: int, b: int, tq: int, tk: int, scale: float = 1.0):
    """q, k, v and an upstream gradient; the scores have about the given scale."""
    rng = np.random.default_rng(seed)
    q = rng.standard_normal((b, tq, d)) * scale
    k = rng.standard_normal((b, tk, d))
    v = rng.standard_normal((b, tk, dv))
    dout = rng.standard_normal((b, tq, dv))
    return q, k, v, dout


def _offset_case(seed: int, d: int, dv: int, b: int, tq: int, tk: int, spread: float):
    """Scores in the thousands: each query row at its own offset of 1000 to 5000
    either way, spread around it with the given scale. Every key has 1 in its first
    feature, so q's first feature sets the row's offset and the others the spread."""
    rng = np.random.default_rng(seed)
    offsets = rng.uniform(1000.0, 5000.0, (b, tq)) * rng.choice([-1.0, 1.0], (b, tq))
    q = rng.standard_normal((b, tq, d)) * spread
    q[..., 0] = offsets * np.sqrt(d)
    k = rng.standard_normal((b, tk, d))
    k[..., 0] = 1.0
    v = rng.standard_normal((b, tk, dv))
    dout = rng.standard_normal((b, tq, dv))
    return q, k, v, dout


def _mask(seed: int, kind: str | None, b: int, tq: int, tk: int, fully_masked: bool = False):
    """A boolean mask of the given kind, True = may attend: "random" (B, Tq, Tk),
    "causal" (Tq, Tk) and "padding" (B, 1, Tk). Every row keeps at least one key,
    unless `fully_masked`, when a random mask has at least one row of all False."""
    if kind is None:
        return None
    rng = np.random.default_rng(seed)
    if kind == "causal":
        return np.tril(np.ones((tq, tk), dtype=bool))
    if kind == "padding":
        mask = rng.random((b, 1, tk)) < 0.6
        mask[np.arange(b), 0, rng.integers(0, tk, b)] = True
        return mask
    mask = rng.random((b, tq, tk)) < 0.6
    keep = rng.integers(0, tk, (b, tq))
    mask[np.arange(b)[:, None], np.arange(tq)[None, :], keep] = True
    if fully_masked:
        rows = rng.random((b, tq)) < 0.4
        rows[rng.integers(0, b), rng.integers(0, tq)] = True
        mask[rows] = False
    return mask


def _laid_out(layout: str, *arrays):
    return tuple(None if a is None else as_layout(a, layout) for a in arrays)


def _show(ctx: Ctx, q, k, v, mask, layout=None, **more) -> None:
    shown = {"q": q, "k": k, "v": v, "mask": mask, **more}
    if layout is not None:
        shown["layout"] = note(layout)
    ctx.show(**shown)


# ----------------------------------------------------------------- models of known mistakes


def _softmax(s: np.ndarray, axis: int = -1, shift: str = "row", guard: bool = False):
    """exp(s - shift) / sum: the shift per row ("row"), over the whole array
    ("global"), or none ("none"). A row whose exps are all 0 gives 0 / 0 = NaN,
    or 0 with `guard` (a sum of 0 replaced by 1, as the contract's rows need)."""
    if shift == "row":
        m = s.max(axis=axis, keepdims=True)
    elif shift == "global":
        m = s.max()
    else:
        m = 0.0
    e = np.exp(s - m)
    total = e.sum(axis=axis, keepdims=True)
    return e / np.where(total > 0, total, 1.0) if guard else e / total


def _weights(q, k, mask, variant: str = "right", dv: int = 1) -> np.ndarray:
    """The attention weights, or what one slip makes of them (`dv`: v's width).
    A variant ending in " guarded" divides by 1 where a row's exps sum to 0, as
    an answer that guards fully masked rows does."""
    guard = variant.endswith(" guarded")
    variant = variant.removesuffix(" guarded")
    d = q.shape[-1]
    scale = {
        "no scale": 1.0,
        "1/d": 1.0 / d,
        "dv width": 1.0 / np.sqrt(dv),
        "1/sqrt(Tk)": 1.0 / np.sqrt(k.shape[-2]),
        "1/sqrt(Tq)": 1.0 / np.sqrt(q.shape[-2]),
    }.get(variant, 1.0 / np.sqrt(d))
    kt = k.T if variant == "k.T" else np.swapaxes(k, -1, -2)
    s = q @ kt * scale
    allowed = np.ones(s.shape, dtype=bool) if mask is None else np.broadcast_to(mask, s.shape)
    if variant in ("inverted", "inverted nan"):
        allowed = ~allowed
    if variant == "after softmax":
        return _softmax(s, guard=True) * allowed
    if variant == "zero fill":
        return _softmax(np.where(allowed, s, 0.0), guard=True)
    if variant == "max before mask":
        e = np.where(allowed, np.exp(s - s.max(axis=-1, keepdims=True)), 0.0)
        total = e.sum(axis=-1, keepdims=True)
        return e / np.where(total > 0, total, 1.0) if guard else e / total
    if variant == "large negative fill":  # -1e9 and no guard: a fully masked row is uniform
        return _softmax(np.where(allowed, s, -1e9))
    masked = np.where(allowed, s, -np.inf)
    if variant == "query axis":
        return _softmax(masked, axis=-2, guard=True)
    if variant == "no max":
        return _softmax(masked, shift="none", guard=guard)
    if variant == "global max":
        return _softmax(masked, shift="global", guard=guard)
    if variant in ("nan rows", "inverted nan"):
        return _softmax(masked)  # -inf - (-inf) = NaN in a row with no allowed key
    m = masked.max(axis=-1, keepdims=True)
    return _softmax(masked - np.where(np.isfinite(m), m, 0.0), shift="none", guard=True)


def _attend(q, k, v, mask, variant: str = "right") -> np.ndarray:
    return _weights(q, k, mask, variant, v.shape[-1]) @ v


def _forward_mistakes(q, k, v, mask) -> dict:
    """Models of the forward's known slips, in the order they are tried (the first
    that matches names the mistake). Where two slips give the same output on an
    example, the one that only fails on such examples comes first: the other has
    already failed, on an example of its own, in an earlier property."""

    def model(variant):
        return lambda: _attend(q, k, v, mask, variant)

    wrong_dim = "scaled by the wrong dimension"
    mistakes = {}
    if mask is not None:
        # Wrong only on fully masked rows, or where a masked key's score towers over
        # its row: there an inverted mask or a mask applied after the softmax can
        # give the same NaN or zero row, but those fail on ordinary masks first.
        mistakes |= {
            FULLY_MASKED_NAN: model("nan rows"),
            "fully masked row averages every value": model("large negative fill"),
            "row max taken before the mask": model("max before mask"),
            "row max taken before the mask#2": model("max before mask guarded"),
        }
    mistakes |= {
        # Wrong only for scores in the thousands, where a saturated row can look like
        # the softmax over the query axis (with one key, say). The global max before
        # none at all: the two agree on rows that neither overflow nor sit far below
        # the top row, and only "no max" also overflows.
        "max subtracted over the whole batch": model("global max"),
        "max subtracted over the whole batch#2": model("global max guarded"),
        "no max subtraction": model("no max"),
        "no max subtraction#2": model("no max guarded"),
        # "no scale" before the other scales: where d = 1, or a dimension used
        # instead of d is 1, two of them coincide, and a failing example shrinks to
        # where the slip that gives the output differs from the right answer.
        "scores not scaled by 1/sqrt(d)": model("no scale"),
        "scores scaled by 1/d": model("1/d"),
        wrong_dim: model("dv width"),
        f"{wrong_dim}#2": model("1/sqrt(Tk)"),
        f"{wrong_dim}#3": model("1/sqrt(Tq)"),
        "softmax over the query axis": model("query axis"),
        K_T: model("k.T"),
    }
    if mask is not None:
        mistakes |= {
            "mask meaning inverted": model("inverted"),
            "mask meaning inverted#2": model("inverted nan"),
            "mask applied after the softmax": model("after softmax"),
            "masked scores set to 0 instead of minus infinity": model("zero fill"),
        }
    return mistakes


def _grads(q, k, v, mask, dout, variant: str = "right"):
    """(dq, dk, dv) of the right backward, or of one slip in it."""
    scale = 1.0 / np.sqrt(q.shape[-1])
    w = _weights(q, k, mask)
    wt = np.swapaxes(w, -1, -2)
    dv = (w if variant == "no transpose" else wt) @ dout
    dw = dout @ np.swapaxes(v, -1, -2)
    if variant == "elementwise":
        ds = w * (1.0 - w) * dw
    elif variant == "no row sum":
        ds = w * dw
    elif variant == "query-axis sum":
        ds = w * (dw - (dw * w).sum(axis=-2, keepdims=True))
    else:
        ds = w * (dw - (dw * w).sum(axis=-1, keepdims=True))
    dst = ds if variant == "no transpose" else np.swapaxes(ds, -1, -2)
    dq = ds @ k * (1.0 if variant == "dq unscaled" else scale)
    dk = dst @ q * (1.0 if variant == "dk unscaled" else scale)
    return dq, dk, dv


def _backward_mistakes(q, k, v, mask, dout) -> list[dict]:
    """One dict of models per output of attention_backward, in its order."""
    variants = {
        "softmax backward element-wise (no row-sum term)": "elementwise",
        "softmax backward element-wise (no row-sum term)#2": "no row sum",
        "row sum of the softmax backward over the query axis": "query-axis sum",
        "1/sqrt(d) missing from dq or dk": "dk unscaled",
        "1/sqrt(d) missing from dq or dk#2": "dq unscaled",
        "weights not transposed in dv or dk": "no transpose",
    }
    models = {
        name: (lambda variant=variant: _grads(q, k, v, mask, dout, variant))
        for name, variant in variants.items()
    }
    return [{name: (lambda m=m, i=i: m()[i]) for name, m in models.items()} for i in range(3)]


# ----------------------------------------------------------------- tolerances


def _biggest(*arrays) -> float:
    return max(float(np.max(np.abs(a))) if np.size(a) else 0.0 for a in arrays)


def _out_atol(v) -> float:
    # out is a weighted average of the rows of v: its natural scale is max |v|.
    return 1e-12 * _biggest(v)


def _grad_atols(q, k, v, dout) -> tuple[float, float, float]:
    """Absolute allowances of (dq, dk, dv) on their natural scales, for entries that
    cancel to almost zero (and for saturated rows, whose gradients are rounding)."""
    b, tq, d = q.shape
    tk, dv = v.shape[-2:]
    dw = _biggest(dout) * _biggest(v) * dv  # bounds |dout v^T|, and so |ds| / 2
    return (
        1e-10 * dw * _biggest(k) * tk / np.sqrt(d),
        1e-10 * dw * _biggest(q) * tq / np.sqrt(d),
        1e-12 * _biggest(dout) * tq,
    )


# ----------------------------------------------------------------- judging helpers


CUBE = "B = Tq = Tk = d = dv = 3"


def _matching(got, models: dict) -> str | None:
    """The name of the first model `got` equals (within 1e-6), if any."""
    got = np.asarray(got, dtype=np.float64)
    for name, make in models.items():
        try:
            with np.errstate(all="ignore"):
                value = np.asarray(make(), dtype=np.float64)
        except Exception:  # a model that cannot be built for this input
            continue
        if value.shape == got.shape and closeness(got, value, 1e-6, 1e-12).ok:
            return name.split("#", 1)[0]
    return None


def _probe_cube(ctx: Ctx) -> str | None:
    """The mistake a crashing answer makes, when a cube-shaped input (every size 3,
    so that k.T, w @ dout and ds @ q all multiply without an error) shows it: the
    first mistake whose output the user's forward, then backward, gives there."""
    q, k, v, dout = _case(12345, 3, 3, 3, 3, 3)
    try:
        out, cache = ctx.call("attention_forward", q, k, v, unpack=2)
        ref_out, ref_cache = ctx.ref.attention_forward(q, k, v)
        if not closeness(out, ref_out, 1e-6, 1e-12).ok:
            return _matching(out, _forward_mistakes(q, k, v, None))
        grads = ctx.call("attention_backward", dout, cache, unpack=3)
        expected = ctx.ref.attention_backward(dout, ref_cache)
        for got, want, models in zip(
            grads, expected, _backward_mistakes(q, k, v, None, dout), strict=True
        ):
            if not closeness(got, want, 1e-6, 1e-12).ok:
                return _matching(got, models)
    except Exception:  # the probe fails too, or returns something unusable
        return None
    return None


@contextmanager
def _naming_crashes(ctx: Ctx):
    """Name the mistake behind a crash (a product whose shapes do not fit), when the
    same code on a cube-shaped input gives exactly what that mistake gives."""
    try:
        yield
    except PropertyFailed as failed:
        failure = failed.failure
        if failure.kind == "runtime_error" and failure.mistake is None:
            name = _probe_cube(ctx)
            if name is not None:
                failure.mistake = ctx.mistakes.get(name, Mistake(name))
                failure.summary += (
                    f" (on a cube-shaped input, {CUBE}, where every product fits, your "
                    "code runs and gives exactly what this mistake gives)"
                )
        raise


def _forward(ctx: Ctx, q, k, v, mask):
    """The user's forward; with mask None it is called with three arguments, so
    that the default is what is judged."""
    with _naming_crashes(ctx):
        args = (q, k, v) if mask is None else (q, k, v, mask)
        return ctx.call("attention_forward", *args, unpack=2)


def _backward(ctx: Ctx, dout, cache):
    with _naming_crashes(ctx):
        return ctx.call("attention_backward", dout, cache, unpack=3)


def _expect_out(ctx: Ctx, out, q, k, v, mask, name: str = "out") -> None:
    expected, _ = ctx.ref.attention_forward(q, k, v, mask)
    ctx.expect_close(
        name, out, expected, atol=_out_atol(v), mistakes=_forward_mistakes(q, k, v, mask)
    )


def _expect_grads(ctx: Ctx, got, q, k, v, mask, dout) -> None:
    _, ref_cache = ctx.ref.attention_forward(q, k, v, mask)
    expected = ctx.ref.attention_backward(dout, ref_cache)
    mistakes = _backward_mistakes(q, k, v, mask, dout)
    # dv first: it has the fewest ways to go wrong, so a failure there reads simplest.
    for i in (2, 0, 1):
        ctx.expect_close(
            GRADS[i], got[i], expected[i], atol=_grad_atols(q, k, v, dout)[i], mistakes=mistakes[i]
        )


# ----------------------------------------------------------------- forward


@suite.prop(
    "forward: softmax(q k^T / sqrt(d)) v, softmax over the keys",
    max_examples=20,
    dims=dims,
    seed=seeds,
    scale=scales,
    layout=layouts,
)
def forward_matches(ctx: Ctx, dims, seed, scale, layout):
    q, k, v, _ = _case(seed, *dims, scale)
    _show(ctx, q, k, v, None, layout)
    out, _ = _forward(ctx, *_laid_out(layout, q, k, v), None)
    _expect_out(ctx, out, q, k, v, None)


@suite.prop(
    "forward with a mask: a key whose mask is False gets weight 0 (True = may attend)",
    max_examples=20,
    dims=dims,
    seed=seeds,
    scale=scales,
    kind=mask_kinds,
    layout=layouts,
)
def masked_forward(ctx: Ctx, dims, seed, scale, kind, layout):
    q, k, v, _ = _case(seed, *dims, scale)
    mask = _mask(seed + 1, kind, *dims[2:])
    _show(ctx, q, k, v, mask, layout)
    out, _ = _forward(ctx, *_laid_out(layout, q, k, v, mask))
    _expect_out(ctx, out, q, k, v, mask)


@suite.prop(
    "weights: with v = identity, each row of out is >= 0, 0 at masked keys, sums to 1",
    max_examples=10,
    dims=dims,
    seed=seeds,
    kind=any_mask,
)
def weights_are_a_distribution(ctx: Ctx, dims, seed, kind):
    d, _, b, tq, tk = dims
    q, k, _, _ = _case(seed, d, 1, b, tq, tk)
    v = np.broadcast_to(np.eye(tk), (b, tk, tk)).copy()
    mask = _mask(seed + 1, kind, b, tq, tk)
    _show(ctx, q, k, v, mask)
    w, _ = _forward(ctx, q, k, v, mask)
    ctx.expect_array("out", w, np.zeros((b, tq, tk)))
    allowed = np.broadcast_to(True if mask is None else mask, (b, tq, tk))
    mistakes = _forward_mistakes(q, k, v, mask)
    ctx.expect_close(
        "out at masked keys (the weights of keys whose mask is False)",
        np.where(allowed, 0.0, w),
        np.zeros((b, tq, tk)),
        atol=1e-12,
        what="is not 0",
        mistakes={name: (lambda m=m: np.where(allowed, 0.0, m())) for name, m in mistakes.items()},
    )
    ctx.expect_close(
        "each row's sum of weights (out.sum(axis=-1) with v = identity)",
        w.sum(axis=-1),
        np.ones((b, tq)),
        what="is not 1",
        mistakes={name: (lambda m=m: m().sum(axis=-1)) for name, m in mistakes.items()},
    )
    ctx.expect(
        bool(np.all(w >= -1e-12)),
        "a weight is negative: with v = identity, out holds the softmax weights, "
        "which are all >= 0",
    )


# ----------------------------------------------------------------- backward


@suite.prop(
    "backward: dq, dk, dv match the exact gradients",
    max_examples=20,
    dims=backward_dims,
    seed=seeds,
    scale=scales,
    kind=any_mask,
    layout=layouts,
)
def backward_matches(ctx: Ctx, dims, seed, scale, kind, layout):
    q, k, v, dout = _case(seed, *dims, scale)
    mask = _mask(seed + 1, kind, *dims[2:])
    _show(ctx, q, k, v, mask, layout, dout=dout)
    _, cache = _forward(ctx, *_laid_out(layout, q, k, v, mask))
    got = _backward(ctx, as_layout(dout, layout), cache)
    _expect_grads(ctx, got, q, k, v, mask, dout)


@suite.prop(
    "gradient check: backward is the derivative of your forward",
    max_examples=6,
    dims=small_dims,
    seed=seeds,
    kind=any_mask,
)
def gradient_check(ctx: Ctx, dims, seed, kind):
    q, k, v, dout = _case(seed, *dims)
    mask = _mask(seed + 1, kind, *dims[2:])
    _show(ctx, q, k, v, mask, dout=dout)
    _, cache = _forward(ctx, q, k, v, mask)
    grads = _backward(ctx, dout, cache)
    mistakes = _backward_mistakes(q, k, v, mask, dout)
    inputs = [q, k, v]
    for i, name in enumerate(GRADS):

        def loss(x, i=i):
            args = [*inputs[:i], x, *inputs[i + 1 :]]
            out, _ = _forward(ctx, *args, mask)
            return float(np.sum(np.asarray(out) * dout))

        ctx.grad_check(name, loss, inputs[i], grads[i], mistakes=mistakes[i])


@suite.prop(
    TITLE,
    max_examples=5,
    first=dims,
    second=dims,
    other_shape=st.booleans(),
    seed=seeds,
    kind=any_mask,
)
def own_cache(ctx: Ctx, first, second, other_shape, seed, kind):
    shapes = (first, second if other_shape else first)
    cases = [_case(seed + 7 * j, *shapes[j]) for j in range(2)]
    masks = [_mask(seed + 7 * j + 1, kind, *shapes[j][2:]) for j in range(2)]
    show_calls(
        ctx,
        [
            {"q": q, "k": k, "v": v, "mask": m, "dout": dout}
            for (q, k, v, dout), m in zip(cases, masks, strict=True)
        ],
    )
    calls = [((q, k, v, m), dout) for (q, k, v, dout), m in zip(cases, masks, strict=True)]
    check_own_cache(
        ctx,
        "attention_forward",
        "attention_backward",
        calls,
        GRADS,
        atols=lambda j: _grad_atols(*cases[j]),
        order=(2, 0, 1),
    )


# ----------------------------------------------------------------- edge cases


@suite.prop(
    "stable for scores in the thousands, each query row at its own offset",
    max_examples=12,
    dims=dims,
    seed=seeds,
    spread=st.sampled_from([1.0, 1e3]),
    kind=any_mask,
)
def large_scores(ctx: Ctx, dims, seed, spread, kind):
    q, k, v, dout = _offset_case(seed, *dims, spread)
    mask = _mask(seed + 1, kind, *dims[2:])
    _show(ctx, q, k, v, mask, dout=dout)
    out, cache = _forward(ctx, q, k, v, mask)
    _expect_out(ctx, out, q, k, v, mask)
    got = _backward(ctx, dout, cache)
    _expect_grads(ctx, got, q, k, v, mask, dout)


@suite.prop(
    "a query whose mask is all False: output row 0 and no gradient (no NaN)",
    max_examples=8,
    dims=backward_dims,
    seed=seeds,
)
def fully_masked_rows(ctx: Ctx, dims, seed):
    # Two keys at least: with one, a fully masked row that attends to every key
    # evenly and a mask read the wrong way round both give v itself.
    q, k, v, dout = _case(seed, *dims)
    mask = _mask(seed + 1, "random", *dims[2:], fully_masked=True)
    _show(ctx, q, k, v, mask, dout=dout)
    out, cache = _forward(ctx, q, k, v, mask)
    _expect_out(ctx, out, q, k, v, mask)
    got = _backward(ctx, dout, cache)
    _expect_grads(ctx, got, q, k, v, mask, dout)


# ----------------------------------------------------------------- speed


@suite.speed("attention_backward", size="B=4, Tq=Tk=64, d=dv=32")
def _speed(impl, rng: np.random.Generator):
    q, k, v = (rng.standard_normal((4, 64, 32)) for _ in range(3))
    dout = rng.standard_normal((4, 64, 32))
    mask = np.tril(np.ones((64, 64), dtype=bool))
    _, cache = impl.attention_forward(q, k, v, mask)
    return lambda: impl.attention_backward(dout, cache)
