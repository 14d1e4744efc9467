"""Hidden suite for the kv_cache drill: one decoding step of causal single-head
attention with a key/value cache, attend_step(q_t, k_t, v_t, cache) -> (out_t,
new_cache).

The returned cache is judged first (grown by one along axis 1, the new key and
value last, the caller's cache untouched), then the step's output, then T steps
from an empty cache against causal attention over the whole sequence. Mistakes are
modelled by `_step` (the step with one slip); a step that crashes inside numpy's
concatenate, with a message only a concatenation along the wrong axis gives here,
is named too.
"""

from __future__ import annotations

import copy
from contextlib import contextmanager

import numpy as np
from hypothesis import strategies as st

from checker.report import Mistake
from checker.suitekit import SCALES, Ctx, PropertyFailed, Suite, as_layout, layouts, seeds
from checker.suites._layouts import note

suite = Suite()

# (d, dv, B, t): the widths first, so that a failing example shrinks d before the
# rest (a missing scale shows from d = 2). t is the number of cached positions.
step_dims = st.tuples(st.integers(1, 5), st.integers(1, 4), st.integers(1, 3), st.integers(1, 5))
# From t = 2 where the returned cache is judged: concatenating a (B, 1, d) key onto a
# (B, t, d) cache along any axis but 1 then fails inside np.concatenate itself, which
# names the slip (at t = 1 it can succeed and fail later, somewhere less telling).
grow_dims = st.tuples(st.integers(1, 5), st.integers(1, 4), st.integers(1, 3), st.integers(2, 5))
seq_dims = st.tuples(st.integers(1, 5), st.integers(1, 4), st.integers(1, 3), st.integers(1, 6))
# Moderate scales for the comparisons (unit first, so a failing example shrinks to
# ordinary scores); scores in the thousands have their own property.
scales = st.sampled_from(sorted((s for s in SCALES if s <= 10), key=lambda s: abs(np.log10(s))))

MUTATED = "input cache mutated in place"
WRONG_AXIS = "concatenated on the wrong axis"
# What numpy's concatenate (and np.append, np.vstack, which call it) says when the
# arrays agree in rank but not along an axis other than the one concatenated on;
# appending a (B, 1, .) step to a (B, t, .) cache along axis 0 or 2 fails along
# dimension 1 (a batch or width mismatch, say v_t[None] for v_t[:, None], does not).
CONCAT_MESSAGES = ("except for the concatenation axis must match exactly", "along dimension 1,")


# ----------------------------------------------------------------- inputs


def _case(seed: int, d: int, dv: int, b: int, t: int, scale: float = 1.0):
    """q_t, k_t, v_t and a cache of t positions; the scores have about the given scale."""
    rng = np.random.default_rng(seed)
    q = rng.standard_normal((b, d)) * scale
    k = rng.standard_normal((b, d))
    v = rng.standard_normal((b, dv))
    cache = {"k": rng.standard_normal((b, t, d)), "v": rng.standard_normal((b, t, dv))}
    return q, k, v, cache


def _offset_case(seed: int, d: int, dv: int, b: int, t: int, spread: float):
    """Scores in the thousands: each batch row at its own offset of 1000 to 5000 either
    way, spread around it with the given scale. Every key, cached or new, has 1 in its
    first feature, so q_t's first feature sets the row's offset."""
    q, k, v, cache = _case(seed, d, dv, b, t, spread)
    rng = np.random.default_rng(seed + 1)
    offsets = rng.uniform(1000.0, 5000.0, b) * rng.choice([-1.0, 1.0], b)
    q[:, 0] = offsets * np.sqrt(d)
    k[:, 0] = 1.0
    cache["k"][..., 0] = 1.0
    return q, k, v, cache


def _sequence(seed: int, d: int, dv: int, b: int, steps: int):
    rng = np.random.default_rng(seed)
    return (
        rng.standard_normal((b, steps, d)),
        rng.standard_normal((b, steps, d)),
        rng.standard_normal((b, steps, dv)),
    )


def _empty(b: int, d: int, dv: int) -> dict:
    return {"k": np.zeros((b, 0, d)), "v": np.zeros((b, 0, dv))}


def _laid_out(layout: str, q, k, v, cache):
    return (
        as_layout(q, layout),
        as_layout(k, layout),
        as_layout(v, layout),
        {"k": as_layout(cache["k"], layout), "v": as_layout(cache["v"], layout)},
    )


def _show(ctx: Ctx, q, k, v, cache, layout=None, **more) -> None:
    shown = {"q_t": q, "k_t": k, "v_t": v, "cache": cache, **more}
    if layout is not None:
        shown["layout"] = note(layout)
    ctx.show(**shown)


# ----------------------------------------------------------------- models of known mistakes


def _softmax(s: np.ndarray, axis: int = 1, shift: str = "row") -> np.ndarray:
    m = {"row": lambda: s.max(axis=axis, keepdims=True), "global": s.max, "none": lambda: 0.0}
    e = np.exp(s - m[shift]())
    return e / e.sum(axis=axis, keepdims=True)


def _step(q, k, v, cache, variant: str = "right"):
    """(out_t, K, V) of the step, or of the step with one slip."""
    old_k, old_v = cache["k"], cache["v"]
    new_k, new_v = k[:, None, :], v[:, None, :]
    if variant == "prepend":
        K, V = np.concatenate([new_k, old_k], axis=1), np.concatenate([new_v, old_v], axis=1)
    elif variant == "overwrite":
        K, V = new_k, new_v
    else:
        K, V = np.concatenate([old_k, new_k], axis=1), np.concatenate([old_v, new_v], axis=1)
    seen_k, seen_v = (old_k, old_v) if variant == "own key missing" else (K, V)
    d = q.shape[-1]
    scale = {"no scale": 1.0, "1/d": 1.0 / d}.get(variant, 1.0 / np.sqrt(d))
    s = np.einsum("bd,btd->bt", q, seen_k) * scale
    if variant == "batch axis":
        w = _softmax(s, axis=0)
    elif variant in ("no max", "global max"):
        w = _softmax(s, shift="none" if variant == "no max" else "global")
    else:
        w = _softmax(s)
    out = np.einsum("bt,btv->bv", w, seen_v)
    if variant == "old cache":
        K, V = old_k, old_v
    return out, K, V


def _out_mistakes(q, k, v, cache) -> dict:
    def model(variant):
        return lambda: _step(q, k, v, cache, variant)[0]

    return {
        "max subtracted over the whole batch": model("global max"),
        "no max subtraction": model("no max"),
        "query does not attend to its own key": model("own key missing"),
        "cache overwritten with only the last step": model("overwrite"),
        "scores not scaled by 1/sqrt(d)": model("no scale"),
        "scores scaled by 1/d": model("1/d"),
        "softmax over the batch axis": model("batch axis"),
    }


def _cache_mistakes(q, k, v, cache, which: str) -> dict:
    """Models of new_cache[which] ("k" or "v")."""
    index = {"k": 1, "v": 2}[which]
    new = (k if which == "k" else v)[:, None, :]
    old = cache[which]

    def model(variant):
        return lambda: _step(q, k, v, cache, variant)[index]

    return {
        "new key prepended instead of appended": model("prepend"),
        "cache not grown (old cache returned)": model("old cache"),
        "cache overwritten with only the last step": model("overwrite"),
        WRONG_AXIS: lambda: np.concatenate([old, new], axis=0),
        f"{WRONG_AXIS}#2": lambda: np.concatenate([old, new], axis=2),
    }


# ----------------------------------------------------------------- calling and judging


def _snapshot(cache: dict) -> dict:
    return {key: np.array(value, copy=True) for key, value in cache.items()}


def _unchanged(cache: dict, before: dict) -> bool:
    if not isinstance(cache, dict) or cache.keys() != before.keys():
        return False
    return all(
        isinstance(cache[key], np.ndarray)
        and cache[key].shape == value.shape
        and np.array_equal(cache[key], value)
        for key, value in before.items()
    )


@contextmanager
def _naming_wrong_axis(ctx: Ctx):
    """Name WRONG_AXIS on a step that raised inside numpy's concatenate because the
    arrays differ along axis 1: appending a (B, 1, .) step to a (B, t, .) cache, with
    t >= 2, that only happens when the concatenation is along another axis."""
    try:
        yield
    except PropertyFailed as failed:
        failure = failed.failure
        if (
            failure.kind == "runtime_error"
            and failure.mistake is None
            and all(part in failure.summary for part in CONCAT_MESSAGES)
        ):
            failure.mistake = ctx.mistakes.get(WRONG_AXIS, Mistake(WRONG_AXIS))
        raise


def _attend(ctx: Ctx, q, k, v, cache):
    """The user's step; fails if it changed the caller's cache or returned no dict
    with keys "k" and "v"."""
    before = _snapshot(cache)
    with _naming_wrong_axis(ctx):
        out, new_cache = ctx.call("attend_step", q, k, v, cache, unpack=2)
    if not _unchanged(cache, before):
        raise ctx.fail(
            "wrong_answer",
            "attend_step changed the cache it was given (a key added, an array replaced "
            "or written into); the caller's cache must stay as it was, and the grown "
            "cache be a new dict",
            mistake=ctx.mistakes.get(MUTATED, Mistake(MUTATED)),
        )
    ctx.expect(
        isinstance(new_cache, dict) and "k" in new_cache and "v" in new_cache,
        f"attend_step must return (out_t, new_cache) with new_cache a dict with keys "
        f"'k' and 'v', got new_cache = {type(new_cache).__name__}",
        kind="wrong_shape",
    )
    return out, new_cache


def _expect_cache(ctx: Ctx, new_cache: dict, q, k, v, cache, name: str = "new_cache") -> None:
    _, K, V = _step(q, k, v, cache)
    for which, want in (("k", K), ("v", V)):
        ctx.expect_close(
            f"{name}['{which}']",
            new_cache[which],
            want,
            mistakes=_cache_mistakes(q, k, v, cache, which),
        )


def _expect_out(ctx: Ctx, out, q, k, v, cache, name: str = "out_t") -> None:
    expected, _ = ctx.ref.attend_step(q, k, v, copy.deepcopy(cache))
    atol = 1e-12 * max(float(np.max(np.abs(v))), float(np.max(np.abs(cache["v"]), initial=0)))
    ctx.expect_close(name, out, expected, atol=atol, mistakes=_out_mistakes(q, k, v, cache))


def _causal_attention(q, k, v) -> np.ndarray:
    """Full causal attention over a sequence: (B, T, d), (B, T, d), (B, T, dv) -> (B, T, dv)."""
    steps = q.shape[1]
    s = q @ np.swapaxes(k, 1, 2) / np.sqrt(q.shape[-1])
    s = np.where(np.tril(np.ones((steps, steps), dtype=bool)), s, -np.inf)
    return _softmax(s, axis=2) @ v


# ----------------------------------------------------------------- the cache


@suite.prop(
    "new cache: k and v grown by one along axis 1, the new key and value last",
    max_examples=15,
    dims=grow_dims,
    seed=seeds,
    layout=layouts,
)
def cache_grows(ctx: Ctx, dims, seed, layout):
    q, k, v, cache = _case(seed, *dims)
    _show(ctx, q, k, v, cache, layout)
    _, new_cache = _attend(ctx, *_laid_out(layout, q, k, v, cache))
    _expect_cache(ctx, new_cache, q, k, v, cache)


# ----------------------------------------------------------------- one step


@suite.prop(
    "out_t: the query attends to every cached position and to its own new key",
    max_examples=20,
    dims=step_dims,
    seed=seeds,
    scale=scales,
    layout=layouts,
)
def step_output(ctx: Ctx, dims, seed, scale, layout):
    q, k, v, cache = _case(seed, *dims, scale)
    _show(ctx, q, k, v, cache, layout)
    out, _ = _attend(ctx, *_laid_out(layout, q, k, v, cache))
    _expect_out(ctx, out, q, k, v, cache)


@suite.prop(
    "empty cache (t = 0): out_t = v_t, and the cache holds the one step",
    max_examples=6,
    dims=st.tuples(st.integers(1, 5), st.integers(1, 4), st.integers(1, 3)),
    seed=seeds,
)
def empty_cache(ctx: Ctx, dims, seed):
    d, dv, b = dims
    q, k, v, _ = _case(seed, d, dv, b, 0)
    cache = _empty(b, d, dv)
    _show(ctx, q, k, v, cache)
    out, new_cache = _attend(ctx, q, k, v, cache)
    _expect_out(ctx, out, q, k, v, cache)
    _expect_cache(ctx, new_cache, q, k, v, cache)


# ----------------------------------------------------------------- the sequence


@suite.prop(
    "T steps from an empty cache equal causal attention over the whole sequence",
    max_examples=12,
    dims=seq_dims,
    seed=seeds,
)
def sequence(ctx: Ctx, dims, seed):
    d, dv, b, steps = dims
    qs, ks, vs = _sequence(seed, *dims)
    ctx.show(q=qs, k=ks, v=vs, note="step i calls attend_step(q[:, i], k[:, i], v[:, i], cache)")
    expected = _causal_attention(qs, ks, vs)
    cache = _empty(b, d, dv)
    for i in range(steps):
        ref_cache = {"k": ks[:, :i], "v": vs[:, :i]}
        q, k, v = qs[:, i], ks[:, i], vs[:, i]
        out, new_cache = _attend(ctx, q, k, v, cache)
        ctx.expect_close(
            f"out_t at step {i}",
            out,
            expected[:, i],
            atol=1e-12 * float(np.max(np.abs(vs))),
            mistakes=_out_mistakes(q, k, v, ref_cache),
            what=f"differs from causal attention's output at position {i}",
        )
        _expect_cache(ctx, new_cache, q, k, v, ref_cache, name=f"new_cache after step {i}")
        cache = new_cache


# ----------------------------------------------------------------- stability


@suite.prop(
    "stable for scores in the thousands, each batch row at its own offset",
    max_examples=12,
    dims=step_dims,
    seed=seeds,
    spread=st.sampled_from([1.0, 1e3]),
)
def large_scores(ctx: Ctx, dims, seed, spread):
    q, k, v, cache = _offset_case(seed, *dims, spread)
    _show(ctx, q, k, v, cache)
    out, _ = _attend(ctx, q, k, v, cache)
    _expect_out(ctx, out, q, k, v, cache)


# ----------------------------------------------------------------- speed


@suite.speed("attend_step", size="B=8, t=256 cached, d=dv=64")
def _speed(impl, rng: np.random.Generator):
    q, k, v = (rng.standard_normal((8, 64)) for _ in range(3))
    cache = {"k": rng.standard_normal((8, 256, 64)), "v": rng.standard_normal((8, 256, 64))}
    return lambda: impl.attend_step(q, k, v, cache)
