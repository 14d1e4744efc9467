"""Hidden suite for the softmax_loss drill (mean softmax cross-entropy and gradient)."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
from hypothesis import strategies as st

from checker.report import Mismatch, Mistake
from checker.suitekit import SCALES, Ctx, Suite, as_layout, closeness, describe, layouts, seeds
from checker.suites._layouts import note

suite = Suite()

batch = st.integers(1, 8)
classes = st.integers(2, 6)
# Moderate scales for the comparison with the definition (unit scale first, so a
# failing example shrinks to ordinary scores); large scores have their own
# properties, each built so that only one stability mistake fails it first.
scales = st.sampled_from(sorted((s for s in SCALES if s <= 10), key=lambda s: abs(np.log10(s))))


def _case(seed: int, n: int, c: int, scale: float):
    rng = np.random.default_rng(seed)
    scores = rng.standard_normal((n, c)) * scale
    y = rng.integers(0, c, n).astype(np.int64)
    return scores, y


def _offset_case(seed: int, n: int, c: int, spread: float, offset: bool = True):
    """Scores in the thousands: every row at its own offset of 1000 to 5000 either way
    (when `offset`), spread around it with the given scale."""
    rng = np.random.default_rng(seed)
    offsets = rng.uniform(1000.0, 5000.0, (n, 1)) * rng.choice([-1.0, 1.0], (n, 1))
    scores = rng.standard_normal((n, c)) * spread + (offsets if offset else 0.0)
    y = rng.integers(0, c, n).astype(np.int64)
    return scores, y


# ----------------------------------------------------------------- models of known mistakes


def _softmax(z: np.ndarray, axis: int = 1) -> np.ndarray:
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


def _stable_probs(s: np.ndarray) -> np.ndarray:
    return _softmax(s - s.max(axis=1, keepdims=True))


def _loss_from(p: np.ndarray, y: np.ndarray) -> float:
    return float(-np.log(p[np.arange(len(y)), y]).mean())


def _grad_from(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    d = p.copy()
    d[np.arange(len(y)), y] -= 1.0
    return d / len(y)


def _column_block(p: np.ndarray, y: np.ndarray):
    d = p.copy()
    d[:, y] -= 1.0
    return float(-np.log(p[:, y]).sum() / len(y)), d / len(y)


def _guarded_log(p: np.ndarray, y: np.ndarray, got) -> float:
    """The loss of log(p + eps) or log(clip(p, eps, 1)) for the common eps closest to
    what the user returned (a stand-in for log(0) that is far from the true loss)."""
    true_p = p[np.arange(len(y)), y]
    options = [
        float(-np.log(guard(true_p, eps)).mean())
        for eps in (1e-7, 1e-8, 1e-9, 1e-10, 1e-12, 1e-15, 1e-20)
        for guard in (lambda q, e: q + e, lambda q, e: np.maximum(q, e))
    ]
    return min(options, key=lambda v: abs(v - float(np.asarray(got, dtype=np.float64).sum())))


def _loss_mistakes(s: np.ndarray, y: np.ndarray, got=None) -> dict[str, Callable]:
    n = len(y)
    p = _stable_probs(s)
    ref = lambda: _loss_from(p, y)  # noqa: E731
    # Only the wide-spread property makes a true-class probability underflow, so the
    # log-of-probabilities mistake is tried first; the overflow mistakes fail earlier,
    # on the offset property, whose scores cannot underflow within a row.
    return {
        "log of softmax underflows": ref,
        "no max subtraction": lambda: _loss_from(_softmax(s), y),
        "max subtracted over the whole batch": lambda: _loss_from(_softmax(s - s.max()), y),
        "max subtracted per column": lambda: _loss_from(_softmax(s - s.max(axis=0)), y),
        "softmax normalised over the batch (axis 0)": lambda: _loss_from(
            _softmax(s - s.max(axis=1, keepdims=True), axis=0), y
        ),
        "labels indexed with [:, y]": lambda: _column_block(p, y)[0],
        "epsilon added inside the log": lambda: _guarded_log(p, y, got),
        "sum instead of mean": lambda: ref() * n,
        "loss not averaged to a scalar": lambda: -np.log(p[np.arange(n), y]),
    }


def _grad_mistakes(s: np.ndarray, y: np.ndarray) -> dict[str, Callable]:
    n, c = s.shape
    p = _stable_probs(s)
    onehot = np.eye(c)[y]
    return {
        "no max subtraction": lambda: _grad_from(_softmax(s), y),
        "max subtracted over the whole batch": lambda: _grad_from(_softmax(s - s.max()), y),
        "max subtracted per column": lambda: _grad_from(_softmax(s - s.max(axis=0)), y),
        "softmax normalised over the batch (axis 0)": lambda: _grad_from(
            _softmax(s - s.max(axis=1, keepdims=True), axis=0), y
        ),
        "labels indexed with [:, y]": lambda: _column_block(p, y)[1],
        "gradient not divided by N": lambda: p - onehot,
        "true class not subtracted": lambda: p / n,
        "gradient has the wrong sign": lambda: (onehot - p) / n,
    }


# ----------------------------------------------------------------- judging helpers


def _same_overflow(got: np.ndarray, value: np.ndarray) -> bool:
    """True when `value` (a mistake's output) has NaN and inf exactly where `got` has,
    and agrees with it everywhere else."""
    value = np.asarray(value, dtype=np.float64)
    if value.shape != got.shape:
        return False
    for test in (np.isnan, np.isposinf, np.isneginf):
        if not np.array_equal(test(got), test(value)):
            return False
    finite = np.isfinite(got)
    return closeness(got[finite], value[finite], 1e-6, 1e-12).ok


def _expect_finite(ctx: Ctx, output: str, got, expected, mistakes) -> None:
    """A NaN or inf where the exact value is finite fails here, before expect_close,
    so that a mistake producing the same non-finite entries can be named (the
    generic comparison cannot match outputs that contain NaN)."""
    expected = np.asarray(expected, dtype=np.float64)
    if not isinstance(got, np.ndarray | float | np.floating):
        return  # expect_close reports the type
    got = np.asarray(got)
    if got.shape != expected.shape or not np.issubdtype(got.dtype, np.floating):
        return  # expect_close reports the shape or dtype
    bad = ~np.isfinite(got) & np.isfinite(expected)
    if not bad.any():
        return
    where = tuple(int(i) for i in np.argwhere(bad)[0])
    named = None
    for name, make in mistakes.items():
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                value = make()
        except Exception:  # a mistake that cannot be modelled on this input
            continue
        if _same_overflow(got, value):
            named = ctx.mistakes.get(name, Mistake(name))
            break
    index = "[" + ", ".join(map(str, where)) + "]" if where else ""
    raise ctx.fail(
        "wrong_answer",
        f"{output}{index} is {got[where]}, where the exact value is "
        f"{float(expected[where]):.6g} (an overflow or log(0) in an intermediate result?)",
        mismatch=Mismatch(output, describe(expected), describe(got), index or None),
        mistake=named,
    )


# Tolerances: an error passes when |got - expected| <= 1e-6 * (|expected| + floor), with
# floor = atol + 1e-3 * max|expected|. The atol values below therefore allow an
# absolute error of about 1e-12 on each output's natural scale (1 for the loss,
# 1/N for dscores), where a differently ordered but correct sum can land.


def _judge(ctx: Ctx, scores: np.ndarray, y: np.ndarray, loss, dscores) -> None:
    """Loss first, then the gradient, against the reference on this input."""
    ref_loss, ref_d = ctx.ref.softmax_loss(scores.copy(), y.copy())
    lm, gm = _loss_mistakes(scores, y, loss), _grad_mistakes(scores, y)
    if isinstance(loss, float | np.floating | np.ndarray) and not np.all(np.isfinite(loss)):
        # A NaN loss hides which rows went wrong; dscores shows it row by row, which
        # tells a global max (some rows NaN) from no max at all (every row NaN).
        _expect_finite(ctx, "dscores", dscores, ref_d, gm)
    _expect_finite(ctx, "loss", loss, ref_loss, lm)
    ctx.expect_close("loss", loss, ref_loss, atol=1e-6, mistakes=lm)
    _expect_finite(ctx, "dscores", dscores, ref_d, gm)
    ctx.expect_close("dscores", dscores, ref_d, atol=1e-6 / len(y), mistakes=gm)


# ----------------------------------------------------------------- values


@suite.prop(
    "loss and dscores match the definition",
    max_examples=40,
    n=batch,
    c=classes,
    seed=seeds,
    scale=scales,
    layout=layouts,
)
def matches(ctx: Ctx, n, c, seed, scale, layout):
    scores, y = _case(seed, n, c, scale)
    scores, y = as_layout(scores, layout), as_layout(y, layout)
    ctx.show(scores=scores, y=y, layout=note(scores))
    loss, dscores = ctx.call("softmax_loss", scores, y, unpack=2)
    _judge(ctx, scores, y, loss, dscores)


@suite.prop(
    "gradient check: dscores is the derivative of your loss",
    max_examples=12,
    n=st.integers(1, 4),
    c=st.integers(2, 4),
    seed=seeds,
)
def gradient_check(ctx: Ctx, n, c, seed):
    scores, y = _case(seed, n, c, 1.0)
    ctx.show(scores=scores, y=y)
    _, dscores = ctx.call("softmax_loss", scores, y, unpack=2)

    def loss_of(v):
        value, _ = ctx.call("softmax_loss", v, y, unpack=2)
        return float(np.asarray(value).sum())

    ctx.grad_check("dscores", loss_of, scores, dscores, mistakes=_grad_mistakes(scores, y))


@suite.prop(
    "stable for scores in the thousands, each row at its own offset",
    max_examples=20,
    n=batch,
    c=classes,
    seed=seeds,
    spread=st.sampled_from([1.0, 10.0]),
)
def large_scores(ctx: Ctx, n, c, seed, spread):
    scores, y = _offset_case(seed, n, c, spread)
    ctx.show(scores=scores, y=y)
    loss, dscores = ctx.call("softmax_loss", scores, y, unpack=2)
    _judge(ctx, scores, y, loss, dscores)


@suite.prop(
    "stable when a true class scores far below its row's max (probability below 1e-308)",
    max_examples=20,
    n=batch,
    c=classes,
    seed=seeds,
    offset=st.booleans(),
)
def wide_spread(ctx: Ctx, n, c, seed, offset):
    scores, y = _offset_case(seed, n, c, 1e3, offset)
    ctx.show(scores=scores, y=y)
    loss, dscores = ctx.call("softmax_loss", scores, y, unpack=2)
    _judge(ctx, scores, y, loss, dscores)


# ----------------------------------------------------------------- invariants


@suite.prop(
    "shifting a row by a constant changes neither loss nor dscores",
    max_examples=15,
    n=batch,
    c=classes,
    seed=seeds,
)
def shift_invariance(ctx: Ctx, n, c, seed):
    scores, y = _case(seed, n, c, 1.0)
    shifts = np.random.default_rng(seed + 1).uniform(-50.0, 50.0, (n, 1))
    ctx.show(scores=scores, y=y)
    loss, dscores = ctx.call("softmax_loss", scores, y, unpack=2)
    moved = scores + shifts
    ctx.show(scores=moved, y=y)
    loss2, dscores2 = ctx.call("softmax_loss", moved, y, unpack=2)
    what = "changed when every score of a row was shifted by the same constant"
    ctx.expect_close("loss", loss2, np.asarray(loss, dtype=np.float64), atol=1e-6, what=what)
    ctx.expect_array("dscores", dscores, scores)
    ctx.expect_close("dscores", dscores2, dscores, atol=1e-6 / n, what=what)


@suite.prop(
    "equal scores give loss log(C); every row of dscores sums to 0",
    max_examples=10,
    n=batch,
    c=classes,
    seed=seeds,
    value=st.sampled_from([0.0, 3.0, -700.0, 2500.0]),
)
def uniform_scores(ctx: Ctx, n, c, seed, value):
    _, y = _case(seed, n, c, 1.0)
    scores = np.full((n, c), value)
    ctx.show(scores=scores, y=y)
    loss, dscores = ctx.call("softmax_loss", scores, y, unpack=2)
    expected = np.float64(np.log(c))
    _expect_finite(ctx, "loss", loss, expected, _loss_mistakes(scores, y))
    ctx.expect_close(
        "loss", loss, expected, mistakes=_loss_mistakes(scores, y), what="is not log(C)"
    )
    ctx.expect_array("dscores", dscores, scores)
    _expect_finite(ctx, "dscores", dscores, np.zeros((n, c)), _grad_mistakes(scores, y))
    ctx.expect_close(
        "row sums of dscores",
        np.asarray(dscores).sum(axis=1),
        np.zeros(n),
        atol=1e-6,
        what="are not 0 (softmax minus a one-hot sums to 1 - 1)",
    )


# ----------------------------------------------------------------- speed


@suite.speed("softmax_loss", size="N=512, C=1000")
def _speed(impl, rng: np.random.Generator):
    scores = rng.standard_normal((512, 1000))
    y = rng.integers(0, 1000, 512)
    return lambda: impl.softmax_loss(scores, y)
