"""Hidden suite for the clip_grad_norm drill (a dict of gradients clipped by their
global L2 norm, PyTorch's max_norm / (total + 1e-6), new arrays returned).

max_norm is drawn as a multiple of the drawn gradients' own norm, so that a property
knows whether it clips, and never lands within 1e-5 (relative) of the norm, where
`min(1, ...)` and `if total > max_norm` may disagree by the 1e-6.
Known mistakes are modelled on the judge's copy of the inputs and compared with
what the user returned.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import Ctx, Suite, as_layout, closeness, layouts, scales, seeds
from checker.suites._layouts import note

suite = Suite()

NAMES = ("W1", "b1", "W2", "b2")
# Every array has at least two entries: on single numbers, clipping by value and
# clipping each tensor on its own give the same result.
shape = st.lists(st.integers(2, 5), min_size=1, max_size=3).map(tuple)
shapes = st.lists(shape, min_size=1, max_size=len(NAMES))
# Ratios max_norm / total_norm. The first of each list is where a failure shrinks to.
clipping = st.sampled_from([0.5, 0.1, 0.01, 0.9])
not_clipping = st.sampled_from([2.0, 10.0, 1e3, 1.5])
either = st.sampled_from([0.5, 2.0, 0.1, 10.0])


def _grads(seed: int, shapes: list, scale: float) -> dict[str, np.ndarray]:
    """Arrays of different sizes per name (each with its own factor up to 10x), so
    that each tensor's share of the global norm differs."""
    rng = np.random.default_rng(seed)
    return {
        name: rng.standard_normal(s) * scale * rng.uniform(0.1, 1.0)
        for name, s in zip(NAMES, shapes, strict=False)
    }


def _total(grads: dict) -> float:
    return float(np.sqrt(sum(np.sum(g * g) for g in grads.values())))


def _max_norm(grads: dict, ratio: float) -> float:
    total = _total(grads)
    if ratio > 1:
        # Clearly above total + 1e-6, where every form of the condition leaves the
        # gradients alone.
        return max(ratio * total, total * (1 + 1e-5) + 1e-5)
    return ratio * total


def _show(ctx: Ctx, grads: dict, max_norm: float, layout: str | None = None) -> None:
    shown: dict = {f"grads[{name!r}]": g for name, g in grads.items()}
    shown["max_norm"] = max_norm
    shown["their global norm"] = _total(grads)
    if layout is not None:
        shown["layout"] = note(as_layout(next(iter(grads.values())), layout))
    ctx.show(**shown)


# ----------------------------------------------------------------- models of known mistakes


def _closest(got, candidates: list) -> np.ndarray:
    """The candidate output nearest to what the user returned."""
    if not candidates:
        raise ValueError("no candidate")
    got = np.asarray(got, dtype=np.float64)
    return min(candidates, key=lambda c: closeness(got, c, 1e-6, 0.0).max_rel_error)


def _scale(max_norm: float, total: float, eps: float = 1e-6) -> float:
    with np.errstate(all="ignore"):
        return float(np.minimum(1.0, np.float64(max_norm) / (total + eps)))


def _total_mistakes(grads: dict, max_norm: float, got) -> dict[str, Callable]:
    norms = [float(np.sqrt(np.sum(g * g))) for g in grads.values()]
    total = _total(grads)
    return {
        "norm after clipping returned": lambda: total * _scale(max_norm, total),
        "sum of the tensor norms": lambda: sum(norms),
        "norm without the square root": lambda: sum(n * n for n in norms),
        "norm of one tensor only": lambda: _closest(got, [norms[0], norms[-1]]),
    }


def _clipped_forms(grads: dict, max_norm: float) -> dict[str, list[dict[str, np.ndarray]]]:
    """Mistake name -> the clipped dicts its forms return."""
    total = _total(grads)
    norms = {k: float(np.sqrt(np.sum(g * g))) for k, g in grads.items()}
    with np.errstate(all="ignore"):
        up = [np.float64(max_norm) / (total + 1e-6), np.float64(max_norm) / total]
        return {
            "clipped per tensor": [
                {k: g * _scale(max_norm, norms[k], eps) for k, g in grads.items()}
                for eps in (1e-6, 0.0)
            ],
            "clipped by value": [{k: np.clip(g, -max_norm, max_norm) for k, g in grads.items()}],
            "small gradients scaled up": [{k: g * s for k, g in grads.items()} for s in up],
            "1e-6 left out of the scale": [
                {k: g * _scale(max_norm, total, 0.0) for k, g in grads.items()}
            ],
        }


def _lazy_mistakes(
    grads: dict, max_norm: float, got, pick: Callable[[dict], object]
) -> dict[str, Callable]:
    """Mistake name -> `pick` of the form nearest to `got`; the forms are built only
    when a mismatch asks for them."""
    built: dict[str, list[dict]] = {}

    def make(mistake: str) -> Callable:
        def value():
            if not built:
                built.update(_clipped_forms(grads, max_norm))
            return _closest(got, [pick(form) for form in built[mistake]])

        return value

    names = ["1e-6 left out of the scale", "clipped by value", "small gradients scaled up"]
    if len(grads) > 1:  # one tensor: clipping it on its own is clipping all of them
        names.insert(1, "clipped per tensor")
    return {name: make(name) for name in names}


def _array_mistakes(grads: dict, max_norm: float, name: str, got) -> dict[str, Callable]:
    return _lazy_mistakes(grads, max_norm, got, lambda form: form[name])


def _norm_mistakes(grads: dict, max_norm: float, got) -> dict[str, Callable]:
    """Mistake name -> the global norm of the gradients its forms return."""
    return _lazy_mistakes(grads, max_norm, got, _total)


# ----------------------------------------------------------------- calling and judging


def _call(ctx: Ctx, grads: dict, max_norm: float, layout: str = "C"):
    """The user's (clipped, total_norm) for `grads` passed in `layout`; fails if the
    call changed the dict or its arrays, or returned something else than a dict
    with the same names."""
    given = {name: as_layout(g, layout) for name, g in grads.items()}
    clipped, total = ctx.call("clip_grad_norm", given, max_norm, unpack=2)
    # The judge's `given` now mirrors what the call did to its input.
    changed = sorted(set(given) ^ set(grads)) or [
        name for name, g in grads.items() if not np.array_equal(given[name], g)
    ]
    if changed:
        raise ctx.fail(
            "wrong_answer",
            f"clip_grad_norm modified its input grads in place ({', '.join(map(repr, changed))}"
            "); it must leave the dict and its arrays unchanged and return new arrays "
            "({name: g * scale for name, g in grads.items()}, not g *= scale)",
            mistake=ctx.mistakes.get("gradients modified in place"),
        )
    ctx.expect(
        isinstance(clipped, dict),
        "clip_grad_norm must return (clipped, total_norm) with clipped a dict of the "
        f"same names as grads, got {type(clipped).__name__}",
        kind="wrong_shape",
    )
    missing = [name for name in grads if name not in clipped]
    if missing:
        raise ctx.fail(
            "wrong_answer",
            f"the returned dict has no {', '.join(map(repr, missing))}: every gradient "
            "comes back, clipped or not",
            mistake=ctx.mistakes.get("gradients missing from the result"),
        )
    extra = [name for name in clipped if name not in grads]
    ctx.expect(
        not extra,
        f"the returned dict has names grads does not have: {', '.join(map(repr, extra))}",
    )
    return clipped, total


def _judge_total(ctx: Ctx, grads: dict, max_norm: float, total) -> None:
    _, expected = ctx.ref.clip_grad_norm(grads, max_norm)
    ctx.expect_close(
        "total_norm",
        total,
        expected,
        mistakes=_total_mistakes(grads, max_norm, total),
        what="is not the global L2 norm of all the gradients before clipping",
    )


def _judge_arrays(ctx: Ctx, grads: dict, max_norm: float, clipped: dict) -> None:
    expected, _ = ctx.ref.clip_grad_norm(grads, max_norm)
    for name, want in expected.items():
        got = clipped[name]
        ctx.expect_close(
            f"clipped[{name!r}]",
            got,
            want,
            mistakes=_array_mistakes(grads, max_norm, name, got),
        )


# ----------------------------------------------------------------- properties


@suite.prop(
    "total_norm is the L2 norm of all the gradients together, before clipping",
    max_examples=20,
    shapes=shapes,
    seed=seeds,
    scale=scales,
    ratio=either,
)
def total_norm(ctx: Ctx, shapes, seed, scale, ratio):
    grads = _grads(seed, shapes, scale)
    max_norm = _max_norm(grads, ratio)
    _show(ctx, grads, max_norm)
    _, total = _call(ctx, grads, max_norm)
    _judge_total(ctx, grads, max_norm, total)


@suite.prop(
    "above max_norm: every array is scaled by the same max_norm / (total_norm + 1e-6)",
    max_examples=25,
    shapes=shapes,
    seed=seeds,
    scale=scales,
    ratio=clipping,
    layout=layouts,
)
def clips(ctx: Ctx, shapes, seed, scale, ratio, layout):
    grads = _grads(seed, shapes, scale)
    max_norm = _max_norm(grads, ratio)
    _show(ctx, grads, max_norm, layout)
    clipped, total = _call(ctx, grads, max_norm, layout)
    _judge_total(ctx, grads, max_norm, total)
    _judge_arrays(ctx, grads, max_norm, clipped)


@suite.prop(
    "at or below max_norm: the gradients come back unchanged",
    max_examples=15,
    shapes=shapes,
    seed=seeds,
    scale=scales,
    ratio=not_clipping,
    layout=layouts,
)
def leaves_small(ctx: Ctx, shapes, seed, scale, ratio, layout):
    grads = _grads(seed, shapes, scale)
    max_norm = _max_norm(grads, ratio)
    _show(ctx, grads, max_norm, layout)
    clipped, total = _call(ctx, grads, max_norm, layout)
    _judge_total(ctx, grads, max_norm, total)
    _judge_arrays(ctx, grads, max_norm, clipped)


@suite.prop(
    "after clipping, the global norm is max_norm * total_norm / (total_norm + 1e-6)",
    max_examples=10,
    shapes=shapes,
    seed=seeds,
    scale=scales,
    ratio=clipping,
)
def clipped_norm(ctx: Ctx, shapes, seed, scale, ratio):
    grads = _grads(seed, shapes, scale)
    max_norm = _max_norm(grads, ratio)
    _show(ctx, grads, max_norm)
    clipped, _ = _call(ctx, grads, max_norm)
    for name, g in grads.items():
        ctx.expect_array(f"clipped[{name!r}]", clipped[name], g)
    got = _total(clipped)
    total = _total(grads)
    ctx.expect_close(
        "global norm of the clipped gradients",
        got,
        max_norm * total / (total + 1e-6),
        mistakes=_norm_mistakes(grads, max_norm, got),
        what="is not max_norm (less the 1e-6)",
    )


@suite.prop(
    "all-zero gradients: zeros back and a norm of 0, no NaN",
    max_examples=8,
    shapes=shapes,
    max_norm=st.sampled_from([1.0, 1e-3, 5.0]),
)
def zeros(ctx: Ctx, shapes, max_norm):
    grads = {name: np.zeros(s) for name, s in zip(NAMES, shapes, strict=False)}
    _show(ctx, grads, max_norm)
    clipped, total = _call(ctx, grads, max_norm)
    _judge_total(ctx, grads, max_norm, total)
    _judge_arrays(ctx, grads, max_norm, clipped)


@suite.prop("an empty dict gives ({}, 0.0)", max_examples=1, max_norm=st.just(1.0))
def empty(ctx: Ctx, max_norm):
    ctx.show(grads={}, max_norm=max_norm)
    clipped, total = _call(ctx, {}, max_norm)
    ctx.expect(not clipped, f"clipped should be an empty dict, got {clipped!r}")
    ctx.expect_close("total_norm", total, 0.0, what="of no gradients is not 0")


@suite.prop(
    "grads is left unchanged: the dict and its arrays",
    max_examples=8,
    shapes=shapes,
    seed=seeds,
    ratio=clipping,
    layout=layouts,
)
def unchanged(ctx: Ctx, shapes, seed, ratio, layout):
    grads = _grads(seed, shapes, 1.0)
    max_norm = _max_norm(grads, ratio)
    _show(ctx, grads, max_norm, layout)
    _call(ctx, grads, max_norm, layout)  # fails on any change to the input


# ----------------------------------------------------------------- speed


@suite.speed("clip_grad_norm", size="4 arrays, 1.1 M entries in all")
def _speed(impl, rng: np.random.Generator):
    grads = {
        "W1": rng.standard_normal((1024, 512)),
        "b1": rng.standard_normal(512),
        "W2": rng.standard_normal((512, 1024)),
        "b2": rng.standard_normal(1024),
    }
    return lambda: impl.clip_grad_norm(grads, 1.0)
