"""Hidden suite for the sampling drill: next-token sampling from logits (B, V) with
temperature, top-k and top-p, drawing from the generator it is given.

Two kinds of check:

- Which tokens may be drawn (the support) is checked exactly: a token whose
  probability after temperature, top-k and top-p is 0 must never come out, and with
  temperature 0, top_k = 1, a tiny top_p or a tiny temperature the token must be the
  argmax. No correct answer ever fails these.
- How often each token is drawn is checked on fixed cases: one row of logits repeated
  N = 2,000 times in a batch, so that one call makes N independent draws. Under a
  correct answer each token's count is Binomial(N, q) with q its probability; it must
  lie in the exact binomial interval that holds it with probability 1 - 1e-9 (DELTA).
  The suite makes 99 such tests (one per token and case), so a correct answer is
  rejected with probability below 1e-7 (union bound); the one other statistical
  check, that generators made from two seeds give different tokens for 64 rows, is
  only made when a correct answer fails it with probability below 1e-15.

A mistake is named when the counts fit the distribution that mistake samples from
(the same binomial test), or from the error it raises and the input it raised on.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import numpy as np
from hypothesis import strategies as st

from checker.report import Mistake
from checker.suitekit import (
    SCALES,
    Ctx,
    PropertyFailed,
    Suite,
    as_layout,
    describe,
    layouts,
    seeds,
)
from checker.suites._layouts import note
from checker.suites._stats import binomial_interval

suite = Suite()

N = 2_000  # draws per fixed case: one row repeated N times
DELTA = 1e-9  # chance that a correct answer's count of one token leaves its interval
MARGIN = 1e-9  # no top_p in the tests lies this close to a cumulative probability


def _named(ctx: Ctx, name: str | None) -> Mistake | None:
    return None if name is None else ctx.mistakes.get(name, Mistake(name))


# ----------------------------------------------------------------- the distribution


def _softmax(z: np.ndarray) -> np.ndarray:
    """Softmax over the last axis; -inf entries get probability 0."""
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _top_k_keep(z: np.ndarray, top_k: int | None, smallest: bool = False) -> np.ndarray:
    """Every token whose z is >= the k-th largest of its row (ties kept)."""
    v = z.shape[-1]
    if top_k is None or top_k >= v:
        return np.ones(z.shape, dtype=bool)
    if smallest:
        return z <= np.sort(z, axis=-1)[..., top_k - 1, None]
    return z >= np.sort(z, axis=-1)[..., -top_k, None]


def _mass_before(p: np.ndarray, ordered: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """(order, probability mass strictly before each position of that order): the
    tokens by decreasing probability, or in vocabulary order when not `ordered`."""
    if ordered:
        order = np.argsort(-p, axis=-1, kind="stable")
    else:
        order = np.broadcast_to(np.arange(p.shape[-1]), p.shape).copy()
    sorted_p = np.take_along_axis(p, order, axis=-1)
    return order, np.cumsum(sorted_p, axis=-1) - sorted_p


def _nucleus_keep(p: np.ndarray, top_p: float | None, cut: str = "crossing", ordered=True):
    """The tokens top-p keeps. cut: "crossing" (the contract: a token is kept while the
    mass before it is < top_p, so the token that crosses top_p is in), "before" (only
    the tokens whose cumulative probability stays below top_p, at least the first),
    "extra" (one token past the crossing one)."""
    if top_p is None or top_p >= 1.0:
        return np.ones(p.shape, dtype=bool)
    order, before = _mass_before(p, ordered)
    if cut == "crossing":
        kept = before < top_p
    elif cut == "before":
        kept = before + np.take_along_axis(p, order, axis=-1) < top_p
        kept[..., 0] = True
    else:  # "extra"
        kept = np.concatenate([np.ones_like(before[..., :1], bool), before[..., :-1] < top_p], -1)
    keep = np.zeros(p.shape, dtype=bool)
    np.put_along_axis(keep, order, kept, axis=-1)
    return keep


def probabilities(
    logits: np.ndarray,
    temperature: float,
    top_k: int | None,
    top_p: float | None,
    *,
    multiply: bool = False,
    smallest: bool = False,
    fill: float = -np.inf,
    cut: str = "crossing",
    ordered: bool = True,
    nucleus_of: str = "filtered",
) -> np.ndarray:
    """What sample_next draws from, per row: the contract with the defaults, and each
    mistake with its keyword (multiply: logits * T; smallest: top-k keeps the k
    smallest; fill: the logit given to filtered tokens; cut and ordered: see
    _nucleus_keep; nucleus_of: "filtered" (the contract), "full" (top-p measured on
    softmax(z) before top-k) or "untempered" (top-p measured before temperature))."""
    logits = np.asarray(logits, dtype=np.float64)
    if temperature == 0:
        return np.eye(logits.shape[-1])[np.argmax(logits, axis=-1)]
    z = logits * temperature if multiply else logits / temperature
    keep_k = _top_k_keep(z, top_k, smallest)
    zk = np.where(keep_k, z, fill)
    p = _softmax(zk)
    if top_p is None or top_p >= 1.0:
        return p
    if nucleus_of == "full":
        keep = _nucleus_keep(_softmax(z), top_p, cut, ordered) & keep_k
    elif nucleus_of == "untempered":
        keep = _nucleus_keep(_softmax(np.where(keep_k, logits, fill)), top_p, cut, ordered)
    else:
        keep = _nucleus_keep(p, top_p, cut, ordered)
    return _softmax(np.where(keep, zk, fill))


def _safe_top_p(logits: np.ndarray, temperature: float, top_k, top_p):
    """top_p moved off any cumulative probability it lies within MARGIN of (so float
    rounding never decides whether a token is kept); almost never moves."""
    if top_p is None or top_p >= 1.0 or temperature == 0:
        return top_p
    z = np.asarray(logits, dtype=np.float64) / temperature
    p = _softmax(np.where(_top_k_keep(z, top_k), z, -np.inf))
    _, before = _mass_before(p)
    while np.any(np.abs(before - top_p) < MARGIN):
        top_p = round(top_p + 1e-6, 12)
    return top_p


MODELS: dict[str, dict] = {
    "temperature multiplied instead of divided": {"multiply": True},
    "top-k keeps the k smallest": {"smallest": True},
    "filtered logits set to 0 instead of minus infinity": {"fill": 0.0},
    "top-p excludes the crossing token": {"cut": "before"},
    "off-by-one in the cumulative cut": {"cut": "extra"},
    "top-p on unsorted probabilities": {"ordered": False},
    "top-p on unsorted probabilities#2": {"ordered": False, "cut": "before"},
    "top-p before temperature": {"nucleus_of": "untempered"},
    "top-p measured before top-k": {"nucleus_of": "full"},
}


def _mistake_probabilities(logits, temperature, top_k, top_p) -> dict[str, Callable]:
    """Each mistake's distribution for these rows, built only when asked."""

    def model(keys: dict) -> Callable[[], np.ndarray]:
        return lambda: probabilities(logits, temperature, top_k, top_p, **keys)

    found = {name: model(keys) for name, keys in MODELS.items()}
    found["logits used as probabilities"] = lambda: _proportional(logits, temperature, top_k, top_p)
    return found


def _proportional(logits, temperature, top_k, top_p) -> np.ndarray:
    """Probabilities proportional to the kept logits, without softmax (only when they
    are all positive: otherwise that mistake raises instead)."""
    if top_p is not None and top_p < 1.0:
        raise ValueError("not modelled with top_p")
    z = np.asarray(logits, dtype=np.float64) / temperature
    z = np.where(_top_k_keep(z, top_k), z, 0.0)
    if np.any(z < 0):
        raise ValueError("negative logits: that mistake raises")
    return z / z.sum(axis=-1, keepdims=True)


# ----------------------------------------------------------------- binomial bounds


def _misfits(counts: np.ndarray, q: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Tokens whose count a draw from q would not give: (token, count, lo, hi)."""
    n = int(counts.sum())
    bad = []
    for j, (c, qj) in enumerate(zip(counts, q, strict=True)):
        lo, hi = binomial_interval(n, float(qj), DELTA)
        if not lo <= c <= hi:
            bad.append((j, int(c), lo, hi))
    return bad


def _surprise(misfit: tuple[int, int, int, int], q: np.ndarray, n: int) -> float:
    """How telling a misfit is, to show the clearest one: a token that cannot be drawn
    but was, then a token never drawn, then the count furthest from n q in standard
    deviations."""
    j, c, _, _ = misfit
    if q[j] == 0:
        return np.inf
    if c == 0:
        return 1e300
    return abs(c - n * q[j]) / np.sqrt(n * q[j] * (1 - q[j]) + 1e-300)


def _fits(counts: np.ndarray, q: np.ndarray) -> bool:
    return bool(np.all(np.isfinite(q))) and not _misfits(counts, q)


# ----------------------------------------------------------------- calling


@contextlib.contextmanager
def _errors_named(ctx: Ctx, logits: np.ndarray, temperature: float, top_k, top_p) -> Iterator[None]:
    """Names the mistake behind an error the user's code raised on this input: numpy's
    rng.choice says why the probabilities it got are not a distribution."""
    try:
        yield
    except PropertyFailed as failed:
        if failed.failure.kind == "runtime_error" and failed.failure.mistake is None:
            name = _error_mistake(failed.failure.summary, logits, temperature, top_k, top_p)
            failed.failure.mistake = _named(ctx, name)
        raise


def _error_mistake(summary: str, logits, temperature, top_k, top_p) -> str | None:
    text = summary.lower()
    if temperature == 0:
        return "temperature 0 not greedy"
    if "not non-negative" in text:
        return "logits used as probabilities"
    if "do not sum to 1" in text and _filters(np.shape(logits)[-1], top_k, top_p):
        return "renormalisation forgotten"
    z = np.asarray(logits, dtype=np.float64) / temperature
    # exp overflows above 709.78 and every term underflows below -745: inf / inf or 0 / 0.
    if np.any(z.max(axis=-1) > 709.0) or np.any(z.max(axis=-1) < -708.0):
        return "unstable softmax"
    if top_p is not None and top_p < 1.0:
        p = probabilities(logits, temperature, top_k, None)
        if np.any(p.max(axis=-1) >= top_p):  # the crossing token is the first one
            return "top-p excludes the crossing token"
    return None


def _filters(v: int, top_k, top_p) -> bool:
    """Whether top-k or top-p can remove tokens, so the kept mass needs renormalising."""
    return (top_k is not None and top_k < v) or (top_p is not None and top_p < 1.0)


def _tokens(ctx: Ctx, got, b: int, v: int, filtered: bool = False) -> np.ndarray:
    """got must be an integer array of shape (B,) with values in [0, V). `filtered`:
    top-k or top-p was on, so a token V is an inverse CDF that ran off the end of
    probabilities that sum to less than 1."""
    if not isinstance(got, np.ndarray):
        raise ctx.fail(
            "wrong_shape",
            f"sample_next should return a numpy array of {b} integer token ids, got "
            f"{describe(got)}",
        )
    if got.shape != (b,):
        raise ctx.fail(
            "wrong_shape", f"the tokens should have shape ({b},), one per row, got {got.shape}"
        )
    if not np.issubdtype(got.dtype, np.integer):
        raise ctx.fail(
            "wrong_shape",
            f"the tokens should be an integer array (e.g. int64), got dtype {got.dtype}",
        )
    outside = (got < 0) | (got >= v)
    if np.any(outside):
        i = int(np.argmax(outside))
        past_end = filtered and bool(np.all(got[outside] == v))
        raise ctx.fail(
            "wrong_answer",
            f"row {i} got token {int(got[i])}, outside [0, V) = [0, {v})",
            mistake=_named(ctx, "renormalisation forgotten" if past_end else None),
        )
    return got.astype(np.int64)


def _show(ctx: Ctx, logits, seed: int, temperature, top_k, top_p, **extra) -> None:
    """The inputs of one call of sample_next, the generator by the seed it came from."""
    ctx.show(
        logits=logits,
        rng=f"np.random.default_rng({seed})",
        temperature=temperature,
        top_k=top_k,
        top_p=top_p,
        **extra,
    )


def _call(ctx: Ctx, logits: np.ndarray, seed: int, temperature, top_k, top_p) -> np.ndarray:
    """sample_next on these logits with a generator made from seed, checked for type,
    shape and range; an error it raises is named where it is recognised."""
    b, v = logits.shape
    rng = np.random.default_rng(seed)
    with _errors_named(ctx, logits, temperature, top_k, top_p):
        got = ctx.call("sample_next", logits, rng, temperature, top_k, top_p)
    return _tokens(ctx, got, b, v, _filters(v, top_k, top_p))


# ----------------------------------------------------------------- random batches

batch_dims = st.tuples(st.integers(1, 6), st.integers(1, 10))  # (B, V)
temperatures = st.sampled_from([1.0, 0.5, 2.0, 0.0])
top_ks = st.sampled_from([None, 1, 2, 3, "V", 100])  # "V": the vocabulary size itself
top_ps = st.sampled_from([None, 0.9, 0.5, 0.2, 1.0])
# Unit scale first so a failing example shrinks to ordinary values.
scales = st.sampled_from(SCALES)


def _batch(seed: int, b: int, v: int, scale: float) -> np.ndarray:
    rng = np.random.default_rng(seed)
    shift = rng.standard_normal((b, 1)) * 3.0 * scale  # rows at their own levels
    return rng.standard_normal((b, v)) * scale + shift


def _resolve(logits, temperature, top_k, top_p):
    top_k = logits.shape[1] if top_k == "V" else top_k
    return top_k, _safe_top_p(logits, temperature, top_k, top_p)


def _support_mistake(logits, temperature, top_k, top_p, tokens) -> str | None:
    """The one mistake whose support holds every drawn token, if exactly one does."""
    rows = np.arange(len(tokens))
    fits = []
    for name, make in _mistake_probabilities(logits, temperature, top_k, top_p).items():
        try:
            with np.errstate(all="ignore"):
                q = make()
        except ValueError:
            continue
        if np.all(q[rows, tokens] > 0):
            fits.append(name.split("#", 1)[0])
    argmax = np.argmax(logits, axis=1)
    if np.all(tokens == argmax) and temperature != 0:
        fits.append("always the argmax (no sampling)")
    return fits[0] if len(set(fits)) == 1 else None


@suite.prop(
    "tokens: an integer array of shape (B,) with every value in [0, V)",
    max_examples=15,
    dims=batch_dims,
    seed=seeds,
    scale=scales,
    temperature=temperatures,
    top_k=top_ks,
    top_p=top_ps,
)
def output_shape(ctx: Ctx, dims, seed, scale, temperature, top_k, top_p):
    logits = _batch(seed, *dims, scale)
    top_k, top_p = _resolve(logits, temperature, top_k, top_p)
    _show(ctx, logits, seed, temperature, top_k, top_p)
    _call(ctx, logits, seed, temperature, top_k, top_p)


# ----------------------------------------------------------------- fixed cases

ROW = np.array([2.0, 1.0, 0.5, 0.0, -1.0, 1.5])
ROW_K = np.array([0.3, 2.2, -0.4, 1.1, 1.9, 0.0, 0.8, -1.2])
ROW_TIES = np.array([1.0, 3.0, 1.0, 0.2, 2.0, 1.0, -0.5])  # 3rd largest shared by three
# Probabilities 0.08, 0.35, 0.05, 0.25, 0.12, 0.15 (unsorted): by size the cumulative
# sums are 0.35, 0.60, 0.75, 0.87, 0.95, 1.
ROW_P = np.log(np.array([0.08, 0.35, 0.05, 0.25, 0.12, 0.15]))
# With temperature 2, top_p = 0.75 keeps tokens 6, 7, 4, 2 and 5 (the crossing one).
ROW_PT = np.array([-1.4, -0.9, 0.1, -1.9, 0.2, -0.6, 1.5, 1.2])
# With temperature 2 and top_k = 6, top_p = 0.7 keeps 4 tokens of the renormalised
# top 6, where the probabilities before top-k would keep 6.
ROW_ORDER = np.array([-1.4, -0.3, 0.2, 0.6, -0.9, 0.1, -1.7, -0.7, -0.6, 0.7])
ROW_ORDER_2 = np.array([1.6, 0.1, -0.7, 0.2, 0.0, -1.1, 2.6, 0.5, -1.6, -0.2])
OFFSETS = np.array([0.0, -0.7, -1.5, -0.3, -2.0, -1.0])

# (what it shows, row, temperature, top_k, top_p); temperature None: the call
# passes only logits and rng, so the defaults apply (1.0, None, None).
SOFTMAX_CASES = [
    ("the defaults", ROW, None, None, None),
    ("temperature 0.5", ROW, 0.5, None, None),
    ("temperature 2", ROW, 2.0, None, None),
]
TOP_K_CASES = [
    ("top_k = 3", ROW_K, 1.0, 3, None),
    ("top_k = 3 with the 3rd largest logit shared by three tokens", ROW_TIES, 1.0, 3, None),
    ("top_k larger than V", ROW_K, 1.0, 12, None),
]
TOP_P_CASES = [
    ("top_p = 0.8", ROW_P, 1.0, None, 0.8),
    ("top_p = 0.75 at temperature 2", ROW_PT, 2.0, None, 0.75),
    ("top_p = 1", ROW_P, 1.0, None, 1.0),
]
ORDER_CASES = [
    ("temperature 2, top_k = 6, top_p = 0.7", ROW_ORDER, 2.0, 6, 0.7),
    ("temperature 2, top_k = 6, top_p = 0.75", ROW_ORDER_2, 2.0, 6, 0.75),
]
STABLE_CASES = [
    ("logits near +1000", 1000.0 + OFFSETS, 1.0, None, None),
    ("logits near -1000", -1000.0 + OFFSETS, 1.0, None, None),
    ("logits near 10 at temperature 0.01", 10.0 + OFFSETS / 100, 0.01, None, None),
]


def _share_table(counts: np.ndarray, q: np.ndarray) -> str:
    n = counts.sum()
    pairs = enumerate(zip(counts, q, strict=True))
    parts = [f"{j}: {c / n:.3f} ({qj:.3f})" for j, (c, qj) in pairs]
    return "drawn share (expected) per token: " + ", ".join(parts)


def _tie_dropped(row, temperature, top_k, counts) -> bool:
    """The counts fit the distribution restricted to exactly top_k tokens, dropping
    some of those tied with the k-th largest logit."""
    drawn = counts > 0
    if top_k is None or drawn.sum() != top_k:
        return False
    z = np.asarray(row) / temperature
    keep = _top_k_keep(z, top_k)
    if keep.sum() <= top_k or np.any(drawn & ~keep):
        return False
    return _fits(counts, _softmax(np.where(drawn, z, -np.inf)))


def _check_case(ctx: Ctx, case, seed: int) -> None:
    label, row, temperature, top_k, top_p = case
    defaults = temperature is None
    temperature = 1.0 if defaults else temperature
    v = len(row)
    logits = np.tile(row, (N, 1))
    shown = (
        "sample_next(logits, rng)"
        if defaults
        else f"sample_next(logits, rng, temperature={temperature:g}, top_k={top_k}, top_p={top_p})"
    )
    ctx.show(
        row=row,
        logits=f"np.tile(row, ({N}, 1)): the row repeated {N} times",
        rng=f"np.random.default_rng({seed})",
        call=shown,
    )
    rng = np.random.default_rng(seed)
    before = rng.bit_generator.state
    args = (logits, rng) if defaults else (logits, rng, temperature, top_k, top_p)
    with _errors_named(ctx, row[None], temperature, top_k, top_p):
        got = ctx.call("sample_next", *args)
    tokens = _tokens(ctx, got, N, v, _filters(v, top_k, top_p))
    counts = np.bincount(tokens, minlength=v)
    q = probabilities(row, temperature, top_k, top_p)
    bad = _misfits(counts, q)
    if not bad:
        return
    j, c, lo, hi = max(bad, key=lambda misfit: _surprise(misfit, q, N))
    if q[j] == 0:
        what = (
            f"{label}: token {j} was drawn {c} times in {N} draws, but its probability "
            f"after temperature, top-k and top-p is 0 (tokens that can be drawn: "
            f"{np.flatnonzero(q > 0).tolist()})"
        )
    else:
        what = (
            f"{label}: token {j} was drawn {c} times in {N} draws; with probability "
            f"{q[j]:.4f} a correct answer draws it {lo} to {hi} times (it misses with "
            f"probability below {DELTA:g})"
        )
    raise ctx.fail(
        "wrong_answer",
        f"{what}. {_share_table(counts, q)}",
        mistake=_named(ctx, _case_mistake(row, temperature, top_k, top_p, counts, rng, before)),
    )


def _case_mistake(row, temperature, top_k, top_p, counts, rng, state) -> str | None:
    same = counts.max() == counts.sum()  # every row got the same token
    if same and rng.bit_generator.state == state and counts.argmax() == np.argmax(row):
        return "always the argmax (no sampling)"  # and the generator never touched
    if _tie_dropped(row, temperature, top_k, counts):
        return "ties at the k-th logit dropped"
    for name, make in _mistake_probabilities(row, temperature, top_k, top_p).items():
        try:
            with np.errstate(all="ignore"):
                q = make()
        except ValueError:
            continue
        if _fits(counts, q):
            return name.split("#", 1)[0]
    z = np.asarray(row) / temperature
    if abs(z.max()) > 708.0:
        return "unstable softmax"  # exp overflows (or every term underflows) here
    if same:
        return "one random number for the whole batch"  # identical rows, one token
    return None


def _fixed(cases, first_seed: int) -> Callable[[Ctx], None]:
    def run(ctx: Ctx) -> None:
        for k, case in enumerate(cases):
            _check_case(ctx, case, first_seed + k)

    return run


suite.prop("softmax(logits / temperature): each token drawn as often as its probability")(
    _fixed(SOFTMAX_CASES, 101)
)
suite.prop("top_k keeps every token whose logit is >= the k-th largest, renormalised")(
    _fixed(TOP_K_CASES, 202)
)
suite.prop("top_p keeps the smallest most-probable set reaching top_p (crossing token in)")(
    _fixed(TOP_P_CASES, 303)
)
suite.prop("order: temperature, then top_k, then top_p on the renormalised top-k set")(
    _fixed(ORDER_CASES, 404)
)
suite.prop("logits near +-1000 and temperature 0.01: no overflow, same distribution")(
    _fixed(STABLE_CASES, 505)
)


# ----------------------------------------------------------------- limits: the argmax


def _distinct_rows(seed: int, b: int, v: int) -> np.ndarray:
    """Rows whose logits are at least 0.3 apart: a temperature of 1e-5 makes them
    30,000 apart, so every probability but the argmax's is exactly 0."""
    rng = np.random.default_rng(seed)
    spaced = np.stack([rng.permutation(v) for _ in range(b)]) * 0.5
    return spaced + rng.uniform(-0.1, 0.1, (b, v)) + rng.standard_normal((b, 1))


@suite.prop(
    "temperature 0 (first index on ties), top_k = 1, top_p = 1e-6, temperature 1e-5: the argmax",
    max_examples=10,
    dims=st.tuples(st.integers(1, 5), st.integers(2, 8)),
    seed=seeds,
)
def argmax_limits(ctx: Ctx, dims, seed):
    b, v = dims
    logits = np.repeat(_distinct_rows(seed, b, v), 4, axis=0)  # each row four times
    tied = logits.copy()
    picks = np.random.default_rng(seed + 1).integers(0, v, len(tied))
    tied[np.arange(len(tied)), picks] = tied.max(axis=1)  # the largest logit, twice
    for what, x, temperature, top_k, top_p in (
        ("temperature 0 with the largest logit shared", tied, 0.0, None, None),
        ("top_k = 1", logits, 1.0, 1, None),
        ("top_p = 1e-6", logits, 1.0, None, 1e-6),
        ("temperature 1e-5", logits, 1e-5, None, None),
    ):
        _show(ctx, x, seed, temperature, top_k, top_p)
        tokens = _call(ctx, x, seed, temperature, top_k, top_p)
        argmax = np.argmax(x, axis=1)
        wrong = tokens != argmax
        if not np.any(wrong):
            continue
        i = int(np.argmax(wrong))
        tie = ""
        if temperature == 0 and x[i, tokens[i]] == x[i].max():
            tie = " (a largest logit, but not the first: np.argmax's tie rule)"
        name = (
            "temperature 0 not greedy"
            if temperature == 0 and not tie
            else _support_mistake(x, temperature, top_k, top_p, tokens)
        )
        raise ctx.fail(
            "wrong_answer",
            f"{what}: row {i} got token {int(tokens[i])}{tie}; it must be the argmax, "
            f"token {int(argmax[i])}",
            mistake=_named(ctx, name if not tie else None),
        )


# ----------------------------------------------------------------- support, broadly


@suite.prop(
    "only tokens that keep probability are drawn (random logits, scales 1e-4 to 1e3, layouts)",
    max_examples=30,
    dims=batch_dims,
    seed=seeds,
    scale=scales,
    temperature=temperatures,
    top_k=top_ks,
    top_p=top_ps,
    layout=layouts,
)
def support(ctx: Ctx, dims, seed, scale, temperature, top_k, top_p, layout):
    logits = _batch(seed, *dims, scale)
    top_k, top_p = _resolve(logits, temperature, top_k, top_p)
    _show(ctx, logits, seed, temperature, top_k, top_p, layout=note(layout))
    tokens = _call(ctx, as_layout(logits, layout), seed, temperature, top_k, top_p)
    q = probabilities(logits, temperature, top_k, top_p)
    rows = np.arange(len(tokens))
    impossible = q[rows, tokens] == 0
    if not np.any(impossible):
        return
    i = int(np.argmax(impossible))
    raise ctx.fail(
        "wrong_answer",
        f"row {i} got token {int(tokens[i])}, whose probability after temperature, top-k "
        f"and top-p is 0; that row can only give {np.flatnonzero(q[i] > 0).tolist()}",
        mistake=_named(ctx, _support_mistake(logits, temperature, top_k, top_p, tokens)),
    )


# ----------------------------------------------------------------- the generator


@suite.prop(
    "draws come from rng: the same seed gives the same tokens, another seed others",
    max_examples=8,
    v=st.integers(3, 8),
    seed=st.integers(0, 2**31),
    settings=st.sampled_from([(1.0, None, None), (0.7, 3, 0.9)]),
)
def reproducible(ctx: Ctx, v, seed, settings):
    temperature, top_k, top_p = settings
    logits = _batch(seed, 64, v, 1.0) * 0.5  # 64 rows, none close to one-hot
    top_p = _safe_top_p(logits, temperature, top_k, top_p)
    _show(ctx, logits, seed, temperature, top_k, top_p)
    rng = np.random.default_rng(seed)
    state = rng.bit_generator.state
    with _errors_named(ctx, logits, temperature, top_k, top_p):
        first = _tokens(ctx, ctx.call("sample_next", logits, rng, temperature, top_k, top_p), 64, v)
    rng_ignored = _named(ctx, "rng ignored")
    ctx.expect(
        rng.bit_generator.state != state,
        "the generator passed as rng was not used (its state did not change): draw every "
        "random number from rng, not from np.random's global functions or a generator "
        "of your own",
        mistake=rng_ignored,
    )
    again = _call(ctx, logits, seed, temperature, top_k, top_p)
    ctx.expect(
        np.array_equal(first, again),
        f"two generators made from seed {seed} gave different tokens ({describe(first)} "
        f"and {describe(again)}); the only randomness must come from rng",
        mistake=rng_ignored,
    )
    other = _call(ctx, logits, seed + 1, temperature, top_k, top_p)
    q = probabilities(logits, temperature, top_k, top_p)
    chance = float(np.prod((q**2).sum(axis=1)))  # that two correct draws agree on all 64
    ctx.expect(
        chance > 1e-15 or not np.array_equal(first, other),
        f"generators made from seeds {seed} and {seed + 1} gave the same 64 tokens; draw "
        "from the rng argument",
        mistake=rng_ignored,
    )


@suite.prop("a negative temperature raises ValueError", max_examples=3, seed=seeds)
def negative_temperature(ctx: Ctx, seed):
    logits = _batch(seed, 2, 5, 1.0)
    ctx.show(logits=logits, rng=f"np.random.default_rng({seed})", temperature=-1.0)
    ctx.expect_raises(
        "sample_next",
        ValueError,
        logits,
        np.random.default_rng(seed),
        -1.0,
        None,
        None,
        why="temperature must be >= 0",
    )


@suite.speed("sample_next", size="B=256, V=1024, top_k=50, top_p=0.9")
def _speed(impl, rng: np.random.Generator):
    logits = rng.standard_normal((256, 1024)) * 3.0
    return lambda: impl.sample_next(logits, rng, 0.8, 50, 0.9)
