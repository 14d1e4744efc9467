"""Hidden suite for the label_smoothing_ce drill: cross-entropy from logits with label
smoothing (PyTorch's convention) and an ignore index, mean over the kept rows."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
from hypothesis import strategies as st

from checker.report import Mismatch, Mistake
from checker.suitekit import SCALES, Ctx, Suite, as_layout, closeness, describe, layouts, seeds
from checker.suites._layouts import note

suite = Suite()

FN = "label_smoothing_ce"
IGNORE = -100

batch = st.integers(1, 8)
classes = st.integers(2, 6)
# 0.1 first: a failing example shrinks to PyTorch's usual smoothing, where every
# smoothing mistake shows (at 0 most of them coincide with plain cross-entropy).
smoothings = st.sampled_from([0.1, 0.2, 0.0, 0.5, 1.0])
# Moderate scales for the comparison with the definition, unit scale first; logits
# near 1e3 have their own properties, each failing first for one stability mistake.
scales = st.sampled_from(sorted((s for s in SCALES if s <= 10), key=lambda s: abs(np.log10(s))))


def _labels(rng: np.random.Generator, n: int, c: int, ignore_index: int, share: float):
    """Labels in [0, C), about `share` of the rows set to ignore_index, at least one kept
    (a label equal to ignore_index is drawn again, so a class index can be ignored)."""
    kept_classes = np.array([k for k in range(c) if k != ignore_index])
    labels = rng.choice(kept_classes, n).astype(np.int64)
    ignored = rng.random(n) < share
    ignored[rng.integers(n)] = False
    labels[ignored] = ignore_index
    return labels


def _case(seed: int, n: int, c: int, scale: float, ignore_index: int = IGNORE, share=0.3):
    rng = np.random.default_rng(seed)
    logits = rng.standard_normal((n, c)) * scale
    return logits, _labels(rng, n, c, ignore_index, share)


def _large_case(seed: int, n: int, c: int, spread: float, offset: bool):
    """Logits up to 1e3 in magnitude: each row at its own offset of 900 to 990 either way
    (when `offset`) with the given spread, clipped to [-1000, 1000]; no row ignored."""
    rng = np.random.default_rng(seed)
    offsets = rng.uniform(900.0, 990.0, (n, 1)) * rng.choice([-1.0, 1.0], (n, 1))
    logits = rng.standard_normal((n, c)) * spread + (offsets if offset else 0.0)
    logits = np.clip(logits, -1000.0, 1000.0)
    return logits, rng.integers(0, c, n).astype(np.int64)


# ----------------------------------------------------------------- models of known mistakes


def _log_softmax(s: np.ndarray) -> np.ndarray:
    shifted = s - s.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def _naive_probs(s: np.ndarray) -> np.ndarray:
    e = np.exp(s)
    return e / e.sum(axis=1, keepdims=True)


def _targets(y, kept, c: int, eps: float, rule: str = "uniform") -> np.ndarray:
    onehot = np.zeros((len(y), c))
    rows = np.flatnonzero(kept)
    onehot[rows, y[rows]] = 1.0
    if rule == "uniform":  # the contract: eps / C on every class, the true one included
        return (1 - eps) * onehot + eps / c
    if rule == "others":  # eps / (C - 1) on the other classes only
        return (1 - eps) * onehot + eps / (c - 1) * (1 - onehot)
    if rule == "undivided":  # eps on every class
        return (1 - eps) * onehot + eps
    return onehot  # "none": no smoothing


def _model(
    s: np.ndarray,
    y: np.ndarray,
    eps: float,
    ignore_index: int,
    *,
    probs: str = "stable",
    guard: float = 0.0,
    loss_rule: str = "uniform",
    grad_rule: str = "uniform",
    kept: np.ndarray | None = None,
    count: float | None = None,
    grad_count: float | None = None,
    mask: bool = True,
    sign: float = 1.0,
) -> tuple[float, np.ndarray]:
    """(loss, dlogits) as code with the given slips computes them.

    probs: "stable" (log-sum-exp), "naive" (no max subtracted) or "log" (log of the
    stable probabilities, which underflow); guard: added inside that log."""
    n, c = s.shape
    kept = (y != ignore_index) if kept is None else kept
    m = kept.sum() if count is None else count
    if probs == "naive":
        p = _naive_probs(s)
        logp = np.log(p + guard)
    elif probs == "log":
        p = np.exp(_log_softmax(s))
        logp = np.log(p + guard) if guard >= 0 else np.log(np.maximum(p, -guard))
    else:
        logp = _log_softmax(s)
        p = np.exp(logp)
    ql, qg = _targets(y, kept, c, eps, loss_rule), _targets(y, kept, c, eps, grad_rule)
    loss = -(ql * logp).sum(axis=1)[kept].sum() / m
    d = p - qg
    if mask:
        d = np.where(kept[:, None], d, 0.0)
    return float(loss), sign * d / (m if grad_count is None else grad_count)


def _column_block(s, y, eps, ignore_index):
    """Labels picked with [:, y] among the kept rows: an M x M block of log-probabilities."""
    n, c = s.shape
    kept = y != ignore_index
    m = kept.sum()
    logp = _log_softmax(s)[kept]
    yk = y[kept]
    loss = ((1 - eps) * -logp[:, yk].sum() + eps * -logp.mean(axis=1).sum()) / m
    d = np.exp(logp) - eps / c
    d[:, yk] -= 1 - eps
    out = np.zeros((n, c))
    out[kept] = d / m
    return float(loss), out


def _closest(options: list[float], got) -> float:
    target = float(np.asarray(got, dtype=np.float64).sum())
    return min(options, key=lambda v: abs(v - target))


def _loss_mistakes(s, y, eps, ii, got=None) -> dict[str, Callable]:
    n, c = s.shape
    kept = y != ii

    def guarded():
        options = [
            _model(s, y, eps, ii, probs="log", guard=sign * g)[0]
            for g in (1e-7, 1e-8, 1e-9, 1e-10, 1e-12, 1e-15, 1e-20)
            for sign in (1.0, -1.0)
        ]
        return _closest(options, got)

    def per_row():
        losses = -(_targets(y, kept, c, eps) * _log_softmax(s)).sum(axis=1)
        return np.where(kept, losses, 0.0)

    def per_kept_row():
        return -(_targets(y, kept, c, eps) * _log_softmax(s)).sum(axis=1)[kept]

    mistakes = {
        # Only the far-below property makes a probability underflow, so this is tried
        # first; the overflow mistake fails earlier, on logits that cannot underflow.
        "log of softmax underflows": lambda: _model(s, y, eps, ii, probs="log")[0],
        "no max subtraction": lambda: _model(s, y, eps, ii, probs="naive")[0],
        "smoothing spread over the other classes: eps / (C - 1)": lambda: _model(
            s, y, eps, ii, loss_rule="others"
        )[0],
        "uniform part not divided by C": lambda: _model(s, y, eps, ii, loss_rule="undivided")[0],
        "loss without the smoothing term": lambda: _model(s, y, eps, ii, loss_rule="none")[0],
        "mean over all N rows, ignored rows included": lambda: _model(s, y, eps, ii, count=n)[0],
        "ignored rows found with labels < 0": lambda: _model(s, y, eps, ii, kept=y >= 0)[0],
        "labels indexed with [:, y]": lambda: _column_block(s, y, eps, ii)[0],
        "loss not averaged to a scalar": per_row,
        "loss not averaged to a scalar#2": per_kept_row,
    }
    if got is not None:
        mistakes["epsilon added inside the log"] = guarded
    return mistakes


def _grad_mistakes(s, y, eps, ii, got=None) -> dict[str, Callable]:
    n, c = s.shape
    kept = y != ii
    mistakes: dict[str, Callable] = {}
    if got is not None:
        # Every kept row right, the ignored rows anything: they should be 0.
        def ignored_rows_too():
            expected = _model(s, y, eps, ii)[1]
            if kept.all():
                raise ValueError("no ignored row here")
            return np.where(kept[:, None], expected, np.asarray(got, dtype=np.float64))

        mistakes["ignored rows still get a gradient"] = ignored_rows_too
    mistakes.update(
        {
            "no max subtraction": lambda: _model(s, y, eps, ii, probs="naive")[1],
            "smoothing spread over the other classes: eps / (C - 1)": lambda: _model(
                s, y, eps, ii, grad_rule="others"
            )[1],
            "uniform part not divided by C": lambda: _model(s, y, eps, ii, grad_rule="undivided")[
                1
            ],
            # The exact gradient of that loss: its targets sum to 1 + eps (C - 1).
            "uniform part not divided by C#2": lambda: (
                np.where(
                    kept[:, None],
                    np.exp(_log_softmax(s)) * (1 + eps * (c - 1))
                    - _targets(y, kept, c, eps, "undivided"),
                    0.0,
                )
                / kept.sum()
            ),
            "gradient ignores smoothing (softmax - onehot)": lambda: _model(
                s, y, eps, ii, grad_rule="none"
            )[1],
            "mean over all N rows, ignored rows included": lambda: _model(s, y, eps, ii, count=n)[
                1
            ],
            "ignored rows found with labels < 0": lambda: _model(s, y, eps, ii, kept=y >= 0)[1],
            "gradient not divided by the number of rows": lambda: _model(
                s, y, eps, ii, grad_count=1
            )[1],
            "labels indexed with [:, y]": lambda: _column_block(s, y, eps, ii)[1],
            "gradient has the wrong sign": lambda: _model(s, y, eps, ii, sign=-1.0)[1],
        }
    )
    return mistakes


# ----------------------------------------------------------------- judging helpers


def _same_nonfinite(got: np.ndarray, value) -> bool:
    """`value` (a mistake's output) has NaN and inf exactly where `got` has, and agrees
    with it everywhere else."""
    value = np.asarray(value, dtype=np.float64)
    if value.shape != got.shape:
        return False
    for test in (np.isnan, np.isposinf, np.isneginf):
        if not np.array_equal(test(got), test(value)):
            return False
    finite = np.isfinite(got)
    return closeness(got[finite], value[finite], 1e-6, 1e-12).ok


def _expect_finite(ctx: Ctx, output: str, got, expected, mistakes) -> None:
    """NaN or inf where the exact value is finite fails here, so that a mistake giving
    the same non-finite entries can be named (expect_close's matching needs finite
    values to compare)."""
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
        if _same_nonfinite(got, value):
            named = ctx.mistakes.get(name.split("#", 1)[0], Mistake(name))
            break
    index = "[" + ", ".join(map(str, where)) + "]" if where else ""
    raise ctx.fail(
        "wrong_answer",
        f"{output}{index} is {got[where]}, where the exact value is "
        f"{float(expected[where]):.6g} (an overflow, or the log of a probability "
        "that underflowed to 0?)",
        mismatch=Mismatch(output, describe(expected), describe(got), index or None),
        mistake=named,
    )


def _call(ctx: Ctx, logits, labels, *options):
    return ctx.call(FN, logits, labels, *options, unpack=2)


def _judge(ctx: Ctx, s, y, eps, ii, loss, dlogits) -> None:
    """Loss first, then the gradient, against the reference on this input."""
    ref_loss, ref_d = ctx.ref.label_smoothing_ce(s.copy(), y.copy(), eps, ii)
    lm, gm = _loss_mistakes(s, y, eps, ii, loss), _grad_mistakes(s, y, eps, ii, dlogits)
    if isinstance(loss, float | np.floating | np.ndarray) and not np.all(np.isfinite(loss)):
        # A NaN loss hides which rows went wrong; dlogits shows it row by row.
        _expect_finite(ctx, "dlogits", dlogits, ref_d, gm)
    _expect_finite(ctx, "loss", loss, ref_loss, lm)
    ctx.expect_close("loss", loss, np.float64(ref_loss), atol=1e-9, mistakes=lm)
    _expect_finite(ctx, "dlogits", dlogits, ref_d, gm)
    kept = max(int((y != ii).sum()), 1)
    ctx.expect_close("dlogits", dlogits, ref_d, atol=1e-9 / kept, mistakes=gm)


# ----------------------------------------------------------------- values


@suite.prop(
    "loss and dlogits match the definition",
    max_examples=30,
    n=batch,
    c=classes,
    seed=seeds,
    scale=scales,
    eps=smoothings,
    layout=layouts,
)
def matches(ctx: Ctx, n, c, seed, scale, eps, layout):
    logits, labels = _case(seed, n, c, scale)
    logits, labels = as_layout(logits, layout), as_layout(labels, layout)
    ctx.show(logits=logits, labels=labels, smoothing=eps, ignore_index=IGNORE, layout=note(logits))
    loss, dlogits = _call(ctx, logits, labels, eps, IGNORE)
    _judge(ctx, logits, labels, eps, IGNORE, loss, dlogits)


@suite.prop(
    "gradient check: dlogits is the derivative of your loss",
    max_examples=10,
    n=st.integers(1, 4),
    c=st.integers(2, 4),
    seed=seeds,
    eps=smoothings,
)
def gradient_check(ctx: Ctx, n, c, seed, eps):
    logits, labels = _case(seed, n, c, 1.0)
    ctx.show(logits=logits, labels=labels, smoothing=eps, ignore_index=IGNORE)
    _, dlogits = _call(ctx, logits, labels, eps, IGNORE)

    def loss_of(v):
        value, _ = _call(ctx, v, labels, eps, IGNORE)
        return float(np.asarray(value).sum())

    mistakes = _grad_mistakes(logits, labels, eps, IGNORE, dlogits)
    ctx.grad_check("dlogits", loss_of, logits, dlogits, mistakes=mistakes)


@suite.prop(
    "stable for logits near +-1000, each row at its own offset",
    max_examples=15,
    n=batch,
    c=classes,
    seed=seeds,
    spread=st.sampled_from([1.0, 10.0]),
    eps=st.sampled_from([0.1, 0.2]),
)
def large_logits(ctx: Ctx, n, c, seed, spread, eps):
    logits, labels = _large_case(seed, n, c, spread, offset=True)
    ctx.show(logits=logits, labels=labels, smoothing=eps, ignore_index=IGNORE)
    loss, dlogits = _call(ctx, logits, labels, eps, IGNORE)
    _judge(ctx, logits, labels, eps, IGNORE, loss, dlogits)


@suite.prop(
    "stable when a class scores far below its row's max (probability below 1e-308)",
    max_examples=15,
    n=batch,
    c=classes,
    seed=seeds,
    true_on_top=st.sampled_from([True, False]),
    eps=st.sampled_from([0.1, 0.2]),
)
def far_below(ctx: Ctx, n, c, seed, true_on_top, eps):
    # Each row's best logit is between 500 and 1000, the others a few below it, and
    # one class 1,500 below: its probability underflows to 0, and label smoothing
    # takes the log of every class's probability. The true class is either the best
    # one (well predicted, yet log(softmax) still gives inf) or the one far below.
    rng = np.random.default_rng(seed)
    top = rng.uniform(500.0, 1000.0, n)
    logits = top[:, None] - np.abs(rng.standard_normal((n, c))) * 3.0
    labels = rng.integers(0, c, n).astype(np.int64)
    rows = np.arange(n)
    low = (labels + rng.integers(1, c, n)) % c
    logits[rows, labels] = top
    logits[rows, low] = top - 1500.0
    if not true_on_top:
        labels = low.astype(np.int64)
    ctx.show(logits=logits, labels=labels, smoothing=eps, ignore_index=IGNORE)
    loss, dlogits = _call(ctx, logits, labels, eps, IGNORE)
    _judge(ctx, logits, labels, eps, IGNORE, loss, dlogits)


# ----------------------------------------------------------------- ignored rows


@suite.prop(
    "ignored rows: zero gradient, and the rest as if they were not there",
    max_examples=10,
    n=st.integers(2, 8),
    c=classes,
    seed=seeds,
    eps=smoothings,
)
def ignored_rows(ctx: Ctx, n, c, seed, eps):
    logits, labels = _case(seed, n, c, 1.0, share=0.5)
    kept = labels != IGNORE
    if kept.all():
        labels[(np.flatnonzero(kept)[0] + 1) % n] = IGNORE
        kept = labels != IGNORE
    ctx.show(logits=logits, labels=labels, smoothing=eps, ignore_index=IGNORE)
    loss, dlogits = _call(ctx, logits, labels, eps, IGNORE)
    _judge(ctx, logits, labels, eps, IGNORE, loss, dlogits)
    alone_logits, alone_labels = logits[kept].copy(), labels[kept].copy()
    ctx.show(logits=alone_logits, labels=alone_labels, smoothing=eps, ignore_index=IGNORE)
    loss2, d2 = _call(ctx, alone_logits, alone_labels, eps, IGNORE)
    what = "differs from the result with the ignored rows removed from the batch"
    ctx.expect_close("loss", loss, np.float64(loss2), atol=1e-9, what=what)
    ctx.expect_array("dlogits", d2, alone_logits)
    ctx.expect_close("dlogits of the kept rows", dlogits[kept], d2, atol=1e-9, what=what)


@suite.prop(
    "ignore_index may be any int, a class index such as 0 included",
    max_examples=10,
    n=st.integers(2, 8),
    c=st.integers(3, 6),
    seed=seeds,
    ignore_index=st.sampled_from([0, -1, 2]),
    eps=smoothings,
)
def custom_ignore_index(ctx: Ctx, n, c, seed, ignore_index, eps):
    logits, labels = _case(seed, n, c, 1.0, ignore_index=ignore_index, share=0.4)
    ctx.show(logits=logits, labels=labels, smoothing=eps, ignore_index=ignore_index)
    loss, dlogits = _call(ctx, logits, labels, eps, ignore_index)
    _judge(ctx, logits, labels, eps, ignore_index, loss, dlogits)


@suite.prop(
    "every row ignored: loss 0.0 and dlogits all zeros (not NaN)",
    max_examples=5,
    n=batch,
    c=classes,
    seed=seeds,
    eps=smoothings,
)
def all_ignored(ctx: Ctx, n, c, seed, eps):
    logits, _ = _case(seed, n, c, 1.0)
    labels = np.full(n, IGNORE, dtype=np.int64)
    ctx.show(logits=logits, labels=labels, smoothing=eps, ignore_index=IGNORE)
    loss, dlogits = _call(ctx, logits, labels, eps, IGNORE)
    nan_mistake = {"every row ignored gives NaN": lambda: np.nan}
    grad_mistakes = {"every row ignored gives NaN": lambda: np.full((n, c), np.nan)}
    ctx.expect_close(
        "loss", loss, np.float64(0.0), mistakes=nan_mistake, what="is not 0.0 with no row kept"
    )
    ctx.expect_close(
        "dlogits",
        dlogits,
        np.zeros((n, c)),
        mistakes=grad_mistakes,
        what="is not all zeros with no row kept",
    )


# ----------------------------------------------------------------- defaults and invariants


@suite.prop(
    "defaults: smoothing = 0.1 and ignore_index = -100",
    max_examples=6,
    n=st.integers(2, 8),
    c=classes,
    seed=seeds,
)
def defaults(ctx: Ctx, n, c, seed):
    logits, labels = _case(seed, n, c, 1.0)
    ctx.show(logits=logits, labels=labels, smoothing="not passed", ignore_index="not passed")
    loss, dlogits = ctx.call(FN, logits, labels, unpack=2)
    ref_loss, ref_d = ctx.ref.label_smoothing_ce(logits, labels)
    options = (0.0, 0.05, 0.2, 0.01, 0.15)
    # First: with no smoothing by default, the loss is also plain cross-entropy's.
    mistakes = {
        "wrong default smoothing": lambda: _closest(
            [_model(logits, labels, e, IGNORE)[0] for e in options], loss
        ),
        **_loss_mistakes(logits, labels, 0.1, IGNORE, loss),
    }
    ctx.expect_close("loss (defaults)", loss, np.float64(ref_loss), atol=1e-9, mistakes=mistakes)
    kept = max(int((labels != IGNORE).sum()), 1)
    ctx.expect_close(
        "dlogits (defaults)",
        dlogits,
        ref_d,
        atol=1e-9 / kept,
        mistakes=_grad_mistakes(logits, labels, 0.1, IGNORE, dlogits),
    )


@suite.prop(
    "equal logits give loss log(C) whatever the smoothing; each row of dlogits sums to 0",
    max_examples=8,
    n=batch,
    c=classes,
    seed=seeds,
    eps=smoothings,
    value=st.sampled_from([0.0, 3.0, -1000.0, 1000.0]),
)
def uniform_logits(ctx: Ctx, n, c, seed, eps, value):
    _, labels = _case(seed, n, c, 1.0)
    logits = np.full((n, c), value)
    ctx.show(logits=logits, labels=labels, smoothing=eps, ignore_index=IGNORE)
    loss, dlogits = _call(ctx, logits, labels, eps, IGNORE)
    lm = _loss_mistakes(logits, labels, eps, IGNORE, loss)
    _expect_finite(ctx, "loss", loss, np.log(c), lm)
    ctx.expect_close("loss", loss, np.float64(np.log(c)), mistakes=lm, what="is not log(C)")
    ctx.expect_array("dlogits", dlogits, logits)
    gm = _grad_mistakes(logits, labels, eps, IGNORE, dlogits)
    _expect_finite(ctx, "dlogits", dlogits, np.zeros((n, c)), gm)
    ctx.expect_close(
        "row sums of dlogits",
        np.asarray(dlogits).sum(axis=1),
        np.zeros(n),
        atol=1e-9,
        what="are not 0 (the probabilities and the smoothed targets each sum to 1)",
    )


# ----------------------------------------------------------------- speed


@suite.speed(FN, size="N=512, C=1000")
def _speed(impl, rng: np.random.Generator):
    logits = rng.standard_normal((512, 1000))
    labels = rng.integers(0, 1000, 512)
    labels[::7] = IGNORE
    return lambda: impl.label_smoothing_ce(logits, labels, 0.1, IGNORE)
