"""Hidden suite for the kmeans drill: k-means++ initialisation (random, drawn from
the generator it is given) and Lloyd's algorithm (deterministic).

k-means++ is judged in two ways:

- What may be drawn is checked exactly: every centre is a row of X, a row at
  squared distance 0 from the centres chosen so far is never drawn while another
  row has a positive distance (so with at least k distinct rows the centres are
  distinct), and a row is never chosen twice (no value appears more often among the
  centres than among the rows of X). No correct answer ever fails these.
- How often is checked on two fixed X: the same call made N times (160 and 48),
  each with its own generator, and the sequence of rows drawn counted. Under a
  correct answer the number of calls whose first t centres are a given sequence is
  Binomial(N, q), q computed exactly by enumerating every sequence; it must lie in
  the exact binomial interval that holds it with probability 1 - delta, for prefix
  lengths 2 and 3 and for each position's marginal, delta being 1e-7 divided by the
  number of such counts that can vary. On top, a likelihood-ratio test against each
  of seven wrong rules (D instead of D^2, the farthest row, ...): the product over
  the calls of p_rule(sequence) / p_contract(sequence) has mean at most 1 under a
  correct answer, so by Markov's inequality it reaches 1e8 with probability below
  1e-8 per rule. Each fixed case thus rejects a correct answer with probability
  below 2e-7 (union bound); the one other statistical check (six seeds giving the
  same centres) below 1e-7.

A k-means++ mistake is named from the likelihood ratio, or when the counts fit the
distribution that mistake draws from (the same binomial tests). Lloyd's algorithm
is compared with the reference (labels exactly, centres to 1e-9 relative), and a
mistake is named when the result is what that mistake computes on this input, or
(for when the loop stops) the centres after another number of updates.
"""

from __future__ import annotations

import contextlib
import functools
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
    closeness,
    describe,
    layouts,
    seeds,
)
from checker.suites._layouts import note
from checker.suites._stats import binomial_interval

suite = Suite()

FALSE_REJECTION = 1e-7  # per fixed case, for a correct answer
RTOL = 1e-9  # centres: a different summation order changes the last bits only

NOT_SQUARED = "distances not squared"
FARTHEST = "farthest point chosen deterministically"
LAST_ONLY = "distance to the last centre only"
ROW_ZERO = "first centre always row 0"
UNIFORM = "centres drawn uniformly"
RNG_IGNORED = "rng ignored"
NO_FALLBACK = "no fallback when every distance is zero"
FALLBACK_ANY = "fallback draws rows already chosen"
EMPTY_NAN = "empty cluster gives NaN"
EMPTY_DROPPED = "empty cluster dropped"
EMPTY_ZERO = "empty cluster moved to the origin"
ONE_ITERATION = "stops after one iteration"
OFF_BY_ONE = "max iterations off by one"
TOLERANCE = "stops when centres move less than a tolerance"
STALE = "labels not recomputed after the last update"
TIES_HIGH = "ties to the highest index"
MEDIAN = "centre updated to the median"
IN_PLACE = "given centres updated in place"
NO_AXIS = "mean over every coordinate (axis missing)"


def _named(ctx: Ctx, name: str | None) -> Mistake | None:
    return None if name is None else ctx.mistakes.get(name, Mistake(name))


def _sq_dist(X: np.ndarray, C: np.ndarray) -> np.ndarray:
    """(n, k) squared distances from differences (exactly 0 for equal rows)."""
    X = np.asarray(X, dtype=np.float64)
    C = np.asarray(C, dtype=np.float64)
    return ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)


# ================================================================= k-means++

# ----------------------------------------------------------------- the probabilities


def _weights(rule: str, d2: list[list[float]], chosen: list[int]) -> list[float]:
    """Probabilities of the next draw over the rows: the contract's rule, or a
    mistake's. d2: squared distances between rows (lists: n is tiny, and plain
    floats are faster here than arrays); chosen: the rows so far."""
    n = len(d2)
    unchosen = [0.0 if i in chosen else 1.0 for i in range(n)]
    nearest = [min(d2[i][c] for c in chosen) for i in range(n)]
    last = chosen[-1]
    if rule == UNIFORM:
        w = unchosen
    elif rule == NOT_SQUARED:
        w = [v**0.5 for v in nearest]
    elif rule == LAST_ONLY:
        w = [d2[i][last] for i in range(n)]  # an earlier centre can come back
    elif rule == LAST_ONLY + "#2":
        w = [d2[i][last] * unchosen[i] for i in range(n)]  # chosen rows left out
    elif rule == FARTHEST:
        far = nearest.index(max(nearest))  # np.argmax: the first farthest row
        w = [float(i == far) for i in range(n)]
    else:
        w = nearest
    total = sum(w)
    if total <= 0:
        w = [1.0] * n if rule == FALLBACK_ANY else unchosen
        total = sum(w)
    return [v / total for v in w]


def sequence_probabilities(X: np.ndarray, k: int, rule: str = "") -> dict[tuple, float]:
    """The probability of every sequence of k row indices kmeans_pp_init can draw,
    under the contract (rule "") or a mistake's rule, by enumeration."""
    d2 = _sq_dist(X, X).tolist()
    n = len(X)
    found: dict[tuple, float] = {}

    def walk(chosen: list[int], p: float) -> None:
        if len(chosen) == k:
            key = tuple(chosen)
            found[key] = found.get(key, 0.0) + p
            return
        for i, q in enumerate(_weights(rule, d2, chosen)):
            if q > 0:
                walk([*chosen, i], p * q)

    for i in [0] if rule == ROW_ZERO else range(n):
        walk([i], 1.0 if rule == ROW_ZERO else 1.0 / n)
    return found


def _by_value(X: np.ndarray, probs: dict[tuple, float]) -> dict[tuple, float]:
    """Sequences of row indices -> sequences of distinct-row ids (equal rows share one)."""
    _, ids = np.unique(X, axis=0, return_inverse=True)
    ids = np.asarray(ids).reshape(-1).tolist()
    if ids == list(range(len(ids))):
        return probs  # distinct rows, in np.unique's order already
    out: dict[tuple, float] = {}
    for seq, p in probs.items():
        key = tuple(ids[i] for i in seq)
        out[key] = out.get(key, 0.0) + p
    return out


def _summaries(seqs: dict[tuple, float], k: int) -> dict[tuple[str, tuple], float]:
    """What the tests count: each position's marginal (which row came t-th), and each
    prefix of length 2 and 3 (the first t centres), with their probabilities."""
    out: dict[tuple[str, tuple], float] = {}
    for seq, p in seqs.items():
        for t in range(k):
            key = ("position", (t, seq[t]))
            out[key] = out.get(key, 0.0) + p
        for t in range(2, min(k, 3) + 1):  # the prefix of length 1 is position 0
            key = ("prefix", seq[:t])
            out[key] = out.get(key, 0.0) + p
    return out


def _counted(drawn: list[tuple], k: int) -> dict[tuple[str, tuple], int]:
    counts: dict[tuple[str, tuple], int] = {}
    for seq in drawn:
        for key in _summaries({seq: 1.0}, k):
            counts[key] = counts.get(key, 0) + 1
    return counts


@functools.cache
def _intervals(n_calls: int, q: float, delta: float) -> tuple[int, int]:
    return binomial_interval(n_calls, q, delta)


def _misfits(counts: dict, expected: dict, n_calls: int, delta: float) -> list[tuple]:
    """(key, count, lo, hi, q) for every count a draw from `expected` would not give."""
    bad = []
    for key in set(expected) | set(counts):
        q = expected.get(key, 0.0)
        c = counts.get(key, 0)
        lo, hi = _intervals(n_calls, round(q, 15), delta) if q > 0 else (0, 0)
        if not lo <= c <= hi:
            bad.append((key, c, lo, hi, q))
    return bad


def _surprise(misfit: tuple, n_calls: int) -> float:
    key, c, _, _, q = misfit
    if q == 0:
        return np.inf
    return abs(c - n_calls * q) / np.sqrt(n_calls * q * (1 - q) + 1e-300)


# ----------------------------------------------------------------- calling


@contextlib.contextmanager
def _errors_named(ctx: Ctx, X: np.ndarray, k: int) -> Iterator[None]:
    """Names the mistake behind an error raised when fewer distinct rows than k are
    left to draw from: every squared distance is 0, and d2 / d2.sum() is NaN."""
    try:
        yield
    except PropertyFailed as failed:
        distinct = len(np.unique(X, axis=0))
        if failed.failure.kind == "runtime_error" and failed.failure.mistake is None:
            if k > distinct:
                failed.failure.mistake = _named(ctx, NO_FALLBACK)
        raise


def _centres(ctx: Ctx, got, X: np.ndarray, k: int) -> np.ndarray:
    """got must be a float64 array of k rows of X."""
    ctx.expect_array("centers", got, np.zeros((k, X.shape[1])))
    on_rows = (got[:, None, :] == X[None, :, :]).all(axis=2)  # (k, n)
    missing = ~on_rows.any(axis=1)
    if np.any(missing):
        t = int(np.argmax(missing))
        raise ctx.fail(
            "wrong_answer",
            f"centers[{t}] = {_row_text(got[t])} is not a row of X; every k-means++ centre "
            "is a data point, copied exactly from X",
        )
    return got


def _draw(ctx: Ctx, X: np.ndarray, k: int, rng: np.random.Generator, layout: str = "C"):
    with _errors_named(ctx, X, k):
        got = ctx.call("kmeans_pp_init", as_layout(X, layout), k, rng)
    return _centres(ctx, got, X, k)


def _row_ids(X: np.ndarray, centres: np.ndarray) -> tuple[int, ...]:
    """The distinct-row id of each centre (equal rows of X share an id)."""
    uniq, ids = np.unique(X, axis=0, return_inverse=True)
    match = (centres[:, None, :] == uniq[None, :, :]).all(axis=2)
    return tuple(int(np.argmax(row)) for row in match)


def _row_text(row: np.ndarray) -> str:
    return "[" + ", ".join(f"{float(v):.6g}" for v in row) + "]"


def _support(ctx: Ctx, X: np.ndarray, centres: np.ndarray, named: str | None = None) -> None:
    """Exact rules: a zero-distance row is never drawn while positive mass remains,
    and no row is drawn twice (no value more often than in X). `named`: the mistake
    to name when the first rule breaks (the second can only break in the fallback,
    once every distance is 0)."""
    uniq, counts = np.unique(X, axis=0, return_counts=True)
    ids = _row_ids(X, centres)
    distinct = len(uniq)
    for t in range(1, len(ids)):
        if len(set(ids[:t])) < distinct and ids[t] in ids[:t]:
            earlier = ids[:t].index(ids[t])
            raise ctx.fail(
                "wrong_answer",
                f"centers[{t}] equals centers[{earlier}]: a row at squared distance 0 from "
                f"the centres chosen so far was drawn while {distinct - len(set(ids[:t]))} "
                "distinct row(s) of X were still at a positive distance (their probability "
                "is positive, a zero-distance row's is 0)",
                mistake=_named(ctx, named),
            )
    used = np.bincount(ids, minlength=distinct)
    over = used > counts
    if np.any(over):
        j = int(np.argmax(over))
        raise ctx.fail(
            "wrong_answer",
            f"the row {_row_text(uniq[j])} appears {int(used[j])} times among the centres "
            f"but only {int(counts[j])} times in X: a row already chosen was drawn again "
            "(when every squared distance is 0, draw among the rows not chosen yet)",
            mistake=_named(ctx, FALLBACK_ANY),
        )


# ----------------------------------------------------------------- the distribution

# Six rows in the plane, five of them close together and one far, k = 5: chosen
# (by searching small grids) so that drawing in proportion to D rather than D^2, to
# the last centre rather than the nearest, or uniformly, all change the sequences
# drawn a lot, and 160 calls name each of those mistakes almost surely (a candidate's
# other way of coding the same mistake is missed with probability below 1e-3).
SPREAD = np.array([[0.5, 0.5], [0.5, 1.0], [0.5, 3.0], [1.0, 1.0], [1.5, 0.5], [4.0, 3.5]])
# Two distinct rows, three and two copies: the fallback when every distance is 0.
FEW = np.array([[1.0, -1.0], [2.0, 0.5], [1.0, -1.0], [2.0, 0.5], [1.0, -1.0]])

PP_CASES = {
    "spread": ("six rows of X, k = 5", SPREAD, 5, 160, 7001),
    "few": ("two distinct rows (three and two copies), k = 4", FEW, 4, 48, 7002),
}
ROWS = {  # how the rows are counted, shown with a failure
    "spread": "row j is X[j]",
    "few": "row 0 is [1, -1] (X[0], X[2] and X[4]), row 1 is [2, 0.5] (X[1] and X[3])",
}
# The rule each mistake draws the next centre by, for the likelihood-ratio message.
RULES = {
    ROW_ZERO: "the first centre were always row 0",
    FARTHEST: "each next centre were the row farthest from the centres so far",
    UNIFORM: "every centre were drawn uniformly",
    NOT_SQUARED: "each next centre were drawn in proportion to D instead of D^2",
    LAST_ONLY: "each next centre were drawn by D^2 to the last centre only",
    LAST_ONLY + "#2": "each next centre were drawn by D^2 to the last centre only",
    FALLBACK_ANY: "a chosen row could be drawn again once every D is 0",
}
PP_MISTAKES = list(RULES)
# A likelihood-ratio test against each mistake's rule: under a correct answer the
# product over the calls of p_mistake(sequence) / p_contract(sequence) has mean at
# most 1, so it reaches 1 / RULE_ALPHA with probability at most RULE_ALPHA (Markov's
# inequality). It names a mistake from far fewer calls than counting each sequence.
RULE_ALPHA = 1e-8
LR_THRESHOLD = float(np.log(1 / RULE_ALPHA))


@functools.cache
def _case_tables(case: str):
    """For a fixed case: the probability of every sequence of distinct-row ids
    (contract and each mistake), what the counting tests expect, and their delta."""
    _, X, k, _, _ = PP_CASES[case]
    sequences = _by_value(X, sequence_probabilities(X, k))
    expected = _summaries(sequences, k)
    varying = sum(1 for q in expected.values() if 0 < q < 1)
    delta = FALSE_REJECTION / max(varying, 1)
    models = {name: _by_value(X, sequence_probabilities(X, k, name)) for name in RULES}
    return sequences, expected, delta, models


def _log_ratio(drawn: list[tuple], model: dict, sequences: dict) -> float:
    """log of the product over calls of p_model(sequence) / p_contract(sequence)."""
    total = 0.0
    for seq in drawn:
        q = model.get(seq, 0.0)
        if q == 0.0:
            return -np.inf
        total += float(np.log(q / sequences[seq]))
    return total


def _likeliest(drawn: list[tuple], models: dict) -> str | None:
    """The mistake under whose rule every sequence drawn is possible and likeliest,
    for sequences the contract cannot produce."""
    logs = {
        name: sum(np.log(model[seq]) if model.get(seq, 0.0) > 0 else -np.inf for seq in drawn)
        for name, model in models.items()
    }
    best = max(logs, key=logs.__getitem__)
    return best.split("#", 1)[0] if np.isfinite(logs[best]) else None


def _describe_key(key: tuple, X: np.ndarray) -> str:
    kind, what = key
    if kind == "prefix":
        return f"the first {len(what)} centres being rows {list(what)} in this order"
    t, row = what
    return f"centers[{t}] being row {row}"


def _ids_ok(ids: tuple, copies: tuple[int, ...]) -> bool:
    """The exact rules of _support on a sequence of distinct-row ids."""
    distinct = len(copies)
    for t in range(1, len(ids)):
        if len(set(ids[:t])) < distinct and ids[t] in ids[:t]:
            return False
    return all(ids.count(j) <= c for j, c in enumerate(copies))


def _check_case(ctx: Ctx, case: str) -> None:
    label, X, k, n_calls, seed = PP_CASES[case]
    uniq, copies = np.unique(X, axis=0, return_counts=True)
    ctx.show(
        X=X,
        k=k,
        calls=f"kmeans_pp_init(X, {k}, np.random.default_rng([{seed}, i])) for i in "
        f"range({n_calls})",
        rows=ROWS[case],
    )
    argsets = [(X, k, np.random.default_rng([seed, i])) for i in range(n_calls)]
    with _errors_named(ctx, X, k):
        results = ctx.call_many("kmeans_pp_init", argsets)
    lookup = {row.tobytes(): j for j, row in enumerate(uniq)}
    drawn, impossible = [], None
    for got in results:
        ok = isinstance(got, np.ndarray) and got.shape == (k, X.shape[1])
        ids = tuple(lookup.get(row.tobytes(), -1) for row in got) if ok else ()
        if not ok or got.dtype != np.float64 or -1 in ids:
            _centres(ctx, got, X, k)  # fails unless only the bits differ (-0.0 for 0.0)
            ids = _row_ids(X, got)
        if impossible is None and not _ids_ok(ids, tuple(copies)):
            impossible = got
        drawn.append(ids)
    sequences, expected, delta, models = _case_tables(case)
    if impossible is not None:
        _support(ctx, X, impossible, named=_likeliest(drawn, models))
    counts = _counted(drawn, k)
    bad = _misfits(counts, expected, n_calls, delta)
    ratios = {name: _log_ratio(drawn, model, sequences) for name, model in models.items()}
    likeliest = max(ratios, key=ratios.__getitem__)
    if not bad and ratios[likeliest] < LR_THRESHOLD:
        return
    if bad:
        key, c, lo, hi, q = max(bad, key=lambda m: _surprise(m, n_calls))
        what = _describe_key(key, X)
        if q == 0:
            detail = f"{what} happened in {c} of {n_calls} calls, but its probability is 0"
        else:
            detail = (
                f"{what} happened in {c} of {n_calls} calls; with probability {q:.4f} a "
                f"correct answer gives {lo} to {hi} (it misses with probability below "
                f"{delta:.1g})"
            )
    else:
        power = ratios[likeliest] / np.log(10)
        detail = (
            f"the centres drawn in {n_calls} calls are 10^{power:.0f} times likelier if "
            f"{RULES[likeliest]} than under D^2 sampling (a correct answer reaches "
            f"10^{LR_THRESHOLD / np.log(10):.0f} with probability below {RULE_ALPHA:g})"
        )
    mistake = None
    if ratios[likeliest] >= LR_THRESHOLD:
        mistake = likeliest.split("#", 1)[0]
    else:
        for name, model in models.items():
            if not _misfits(counts, _summaries(model, k), n_calls, delta):
                mistake = name.split("#", 1)[0]
                break
    if mistake is None and len(set(drawn)) == 1:
        mistake = RNG_IGNORED  # the same centres from every generator
    raise ctx.fail(
        "wrong_answer",
        f"{label}: {detail}. {_share_table(counts, expected, k, n_calls)}",
        mistake=_named(ctx, mistake),
    )


def _share_table(counts: dict, expected: dict, k: int, n_calls: int) -> str:
    """Drawn share against the expected share of each row, for the first positions."""
    parts = []
    for t in range(min(k, 3)):
        keys = sorted(
            key for key in set(expected) | set(counts) if key[0] == "position" and key[1][0] == t
        )
        cells = [
            f"row {key[1][1]}: {counts.get(key, 0) / n_calls:.3f} ({expected.get(key, 0.0):.3f})"
            for key in keys
        ]
        parts.append(f"centers[{t}]: " + ", ".join(cells))
    return "Share of calls (expected share) per position: " + "; ".join(parts)


@suite.prop("kmeans_pp_init: first centre uniform, each next one drawn in proportion to D^2")
def pp_distribution(ctx: Ctx):
    _check_case(ctx, "spread")


# ----------------------------------------------------------------- support, broadly

pp_dims = st.tuples(st.integers(1, 12), st.integers(1, 4))  # (n, D)


@suite.prop(
    "kmeans_pp_init: k rows of X, distinct, shape (k, D) float64 (scales 1e-4 to 1e3, layouts)",
    max_examples=10,
    dims=pp_dims,
    k_frac=st.floats(0.0, 1.0),
    seed=seeds,
    scale=st.sampled_from(SCALES),
    layout=layouts,
)
def pp_support(ctx: Ctx, dims, k_frac, seed, scale, layout):
    n, d = dims
    k = 1 + int(k_frac * (n - 1))
    data = np.random.default_rng(seed)
    X = data.standard_normal((n, d)) * scale + data.standard_normal(d) * scale
    ctx.show(X=X, k=k, rng=f"np.random.default_rng({seed})", layout=note(layout))
    centres = _draw(ctx, X, k, np.random.default_rng(seed), layout)
    _support(ctx, X, centres)


# ----------------------------------------------------------------- duplicates


@suite.prop(
    "kmeans_pp_init: fewer distinct rows than k: each distinct row first, then unchosen rows",
    max_examples=8,
    n=st.integers(2, 10),
    distinct=st.integers(1, 4),
    k_frac=st.floats(0.0, 1.0),
    seed=seeds,
    scale=st.sampled_from(SCALES),
)
def pp_duplicates(ctx: Ctx, n, distinct, k_frac, seed, scale):
    data = np.random.default_rng(seed)
    points = data.standard_normal((distinct, 2)) * scale
    X = points[data.integers(0, distinct, n)]
    k = 1 + int(k_frac * (n - 1))
    ctx.show(X=X, k=k, rng=f"np.random.default_rng({seed})")
    centres = _draw(ctx, X, k, np.random.default_rng(seed))
    _support(ctx, X, centres)


@suite.prop("kmeans_pp_init: when every distance is 0, uniform over the rows not chosen yet")
def pp_fallback(ctx: Ctx):
    _check_case(ctx, "few")


# ----------------------------------------------------------------- the generator


@suite.prop(
    "kmeans_pp_init: draws come from rng: the same seed gives the same centres, "
    "other seeds other centres",
    max_examples=3,
    n=st.integers(30, 40),
    seed=st.integers(0, 2**31),
)
def pp_reproducible(ctx: Ctx, n, seed):
    X = np.random.default_rng(seed).standard_normal((n, 2))
    k = 3
    ctx.show(X=X, k=k, rng=f"np.random.default_rng({seed})")
    rng = np.random.default_rng(seed)
    state = rng.bit_generator.state
    first = _draw(ctx, X, k, rng)
    ctx.expect(
        rng.bit_generator.state != state,
        "the generator passed as rng was not used (its state did not change): draw every "
        "random number from rng, not from np.random's global functions or a generator "
        "of your own",
        mistake=_named(ctx, RNG_IGNORED),
    )
    again = _draw(ctx, X, k, np.random.default_rng(seed))
    ctx.expect(
        np.array_equal(first, again),
        f"two generators made from seed {seed} gave different centres ({describe(first)} "
        f"and {describe(again)}); the only randomness must come from rng",
        mistake=_named(ctx, RNG_IGNORED),
    )
    # Five more seeds: a correct answer picks the same first centre six times with
    # probability n * n^-6 = n^-5, below 1e-7 for n >= 30.
    others = [_draw(ctx, X, k, np.random.default_rng(seed + j)) for j in range(1, 6)]
    ctx.expect(
        not all(np.array_equal(first, o) for o in others),
        f"generators made from seeds {seed} to {seed + 5} all gave the same centres; "
        "draw from the rng argument",
        mistake=_named(ctx, RNG_IGNORED),
    )


# ================================================================= Lloyd


def _nearest(X: np.ndarray, C: np.ndarray, highest: bool = False) -> np.ndarray:
    d2 = _sq_dist(X, C)
    if highest:
        return C.shape[0] - 1 - np.argmin(d2[:, ::-1], axis=1)
    return np.argmin(d2, axis=1)


def _means(X, labels, C, centre: str = "mean", empty: str = "keep") -> np.ndarray:
    new = np.array(C, dtype=np.float64)
    for j in range(C.shape[0]):
        members = X[labels == j]
        if len(members) == 0:
            new[j] = {"keep": C[j], "zero": 0.0, "nan": np.nan}[empty]
        elif centre == "median":
            new[j] = np.median(members, axis=0)
        elif centre == "scalar":
            new[j] = members.mean()
        else:
            new[j] = members.sum(axis=0) / len(members)
    return new


def _lloyd_model(X, C, max_iter, *, highest=False, centre="mean", empty="keep", stale=False):
    """Lloyd's algorithm as the contract says, or with one mistake."""
    C = np.array(C, dtype=np.float64)
    with np.errstate(all="ignore"):
        labels = _nearest(X, C, highest)
        used = labels
        for _ in range(max_iter):
            used = labels
            C = _means(X, labels, C, centre, empty)
            new = _nearest(X, C, highest)
            done = np.array_equal(new, labels)
            labels = new
            if done:
                used = labels
                break
    return C, (used if stale else labels)


def _trajectory(X, C, steps: int) -> list[np.ndarray]:
    """C_0, C_1, ..., C_steps: the centres after each update, never stopping early
    (once an assignment repeats the update changes nothing)."""
    out = [np.array(C, dtype=np.float64)]
    for _ in range(steps):
        out.append(_means(X, _nearest(X, out[-1]), out[-1]))
    return out


def _inertia(X, C, labels) -> float:
    return float(((X - C[labels]) ** 2).sum())


def _lloyd_mistakes(X, C, max_iter) -> dict[str, Callable[[], tuple]]:
    """Each mistake's (centres, labels) on this input, built only when asked."""

    def model(**keys):
        return lambda: _lloyd_model(X, C, max_iter, **keys)

    return {
        EMPTY_ZERO: model(empty="zero"),
        MEDIAN: model(centre="median"),
        NO_AXIS: model(centre="scalar"),
        TIES_HIGH: model(highest=True),
        STALE: model(stale=True),
    }


@contextlib.contextmanager
def _in_place_named(ctx: Ctx) -> Iterator[None]:
    try:
        yield
    except PropertyFailed as failed:
        summary = failed.failure.summary
        if failed.failure.mistake is None and "modified its input centers" in summary:
            failed.failure.mistake = _named(ctx, IN_PLACE)
        raise


def _call_lloyd(ctx: Ctx, X, C, max_iter, layout: str = "C"):
    args = [as_layout(X, layout), as_layout(C, layout)]
    if max_iter is not None:
        args.append(max_iter)
    with _in_place_named(ctx):
        got_c, got_l = ctx.call("lloyd", *args, unpack=2)
    n, k = X.shape[0], C.shape[0]
    if isinstance(got_c, np.ndarray) and got_c.ndim == 2 and got_c.shape[0] < k:
        raise ctx.fail(
            "wrong_shape",
            f"centers should have shape {C.shape}, one row per centre given, got "
            f"{got_c.shape}: a centre whose cluster is empty keeps its previous value",
            mistake=_named(ctx, EMPTY_DROPPED),
        )
    ctx.expect_array("centers", got_c, np.asarray(C, dtype=np.float64))
    if not (isinstance(got_l, np.ndarray) and got_l.shape == (n,)):
        shape = got_l.shape if isinstance(got_l, np.ndarray) else type(got_l).__name__
        raise ctx.fail("wrong_shape", f"labels should be an array of shape ({n},), got {shape}")
    if not np.issubdtype(got_l.dtype, np.integer):
        raise ctx.fail(
            "wrong_shape", f"labels should be an integer array (e.g. int64), got {got_l.dtype}"
        )
    outside = (got_l < 0) | (got_l >= k)
    if np.any(outside):
        i = int(np.argmax(outside))
        raise ctx.fail("wrong_answer", f"labels[{i}] = {int(got_l[i])}, outside [0, k) = [0, {k})")
    return got_c, got_l.astype(np.int64)


def _call_again(ctx: Ctx, X, C, max_iter):
    """A further call made only to name a mistake: None when it fails."""
    try:
        return _call_lloyd(ctx, X, C, max_iter)
    except PropertyFailed as failed:
        if failed.failure.kind in ("time_limit", "memory_limit"):
            raise
        return None


def _close(a, b) -> bool:
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and closeness(a, b, RTOL, 0.0).ok


def _iteration_mistake(ctx: Ctx, X, C, max_iter, got_c) -> str | None:
    """Names a mistake in when the loop stops: the centres are those after another
    number of updates than the contract's."""
    steps = 100 if max_iter is None else max_iter
    path = _trajectory(X, C, steps + 3)
    if _close(got_c, path[steps]):
        return None
    for offset in (1, -1):
        t = steps + offset
        if t >= 0 and not _close(path[t], path[steps]) and _close(got_c, path[t]):
            # Consistently off by one: with two more iterations allowed, still one off.
            again = _call_again(ctx, X, C, steps + 2)
            if again is not None and _close(again[0], path[steps + 2 + offset]):
                return OFF_BY_ONE
    fixed = next((t for t in range(steps) if _close(path[t], path[t + 1])), steps)
    early = [t for t in range(1, fixed) if _close(got_c, path[t])]
    if not early:
        return None
    t = early[0]
    spread = float(np.max(np.abs(X - X.mean(axis=0)))) or 1.0
    shift = float(np.max(np.abs(path[t] - path[t - 1])))
    if shift <= 1e-3 * max(1.0, spread):
        # Stopped on a small move: at unit scale the same data must come out right.
        unit = _call_again(ctx, X / spread, C / spread, max_iter)
        expected = _lloyd_model(X / spread, C / spread, steps)
        if unit is not None and _close(unit[0], expected[0]):
            return TOLERANCE
    return ONE_ITERATION if t == 1 else None


def _compare(ctx: Ctx, X, C, max_iter, got_c, got_l) -> None:
    steps = 100 if max_iter is None else max_iter
    want_c, want_l = ctx.ref.lloyd(X, C, steps)
    models = _lloyd_mistakes(X, C, steps)
    if np.isnan(got_c).any() and not np.isnan(want_c).any():
        raise ctx.fail(
            "wrong_answer",
            "centers contain NaN: the mean of a cluster with no points is 0 / 0; a centre "
            "whose cluster is empty keeps its previous value",
            mistake=_named(ctx, EMPTY_NAN),
        )
    if not _close(got_c, want_c):
        centre_models = {name: (lambda m=m: m()[0]) for name, m in models.items()}
        try:
            ctx.expect_close("centers", got_c, want_c, rtol=RTOL, mistakes=centre_models)
        except PropertyFailed as failed:
            if failed.failure.mistake is None:
                failed.failure.mistake = _named(ctx, _iteration_mistake(ctx, X, C, max_iter, got_c))
            raise
    wrong = got_l != want_l
    if np.any(wrong):
        i = int(np.argmax(wrong))
        d2 = _sq_dist(X[i : i + 1], want_c)[0]
        tied = np.flatnonzero(d2 == d2.min())
        distances = ", ".join(f"{v:.6g}" for v in d2)
        why = (
            f"row {i} is equally close to centres {tied.tolist()}; ties go to the lowest index"
            if len(tied) > 1
            else f"the squared distances of row {i} to the centres are [{distances}], the "
            f"nearest being centre {int(want_l[i])}"
        )
        mistake = None
        for name, make in models.items():
            c, lab = make()
            if _close(got_c, c) and np.array_equal(got_l, lab):
                mistake = name
                break
        raise ctx.fail(
            "wrong_answer",
            f"labels[{i}] = {int(got_l[i])}, expected {int(want_l[i])}: {why}",
            mistake=_named(ctx, mistake),
        )


# ----------------------------------------------------------------- inputs

lloyd_dims = st.tuples(st.integers(1, 20), st.integers(1, 4), st.integers(1, 5))  # n, D, k
max_iters = st.sampled_from([None, 100, 0, 1, 2, 3, 5])
inits = st.sampled_from(["rows", "random", "far"])


def _blobs(seed: int, n: int, d: int, k: int, scale: float, init: str):
    """Points around k random centres at the given scale, and initial centres:
    k rows of X, k random points (often an empty cluster), or k rows with one
    centre moved far away (an empty cluster from the start)."""
    k = min(k, n)
    rng = np.random.default_rng(seed)
    true = rng.standard_normal((k, d)) * 3.0
    X = (true[rng.integers(0, k, n)] + rng.standard_normal((n, d))) * scale
    X = X + rng.standard_normal(d) * scale  # off the origin
    if init == "random":
        C = (rng.standard_normal((k, d)) * 3.0 + rng.standard_normal(d)) * scale
    else:
        C = X[rng.choice(n, k, replace=False)].copy()
        if init == "far":
            C[rng.integers(k)] = 50.0 * scale
    return X, C


@suite.prop(
    "lloyd: centres and labels match the reference (scales 1e-4 to 1e3, layouts, max_iter)",
    max_examples=14,
    dims=lloyd_dims,
    seed=seeds,
    scale=st.sampled_from(SCALES),
    init=inits,
    max_iter=max_iters,
    layout=layouts,
)
def lloyd_matches(ctx: Ctx, dims, seed, scale, init, max_iter, layout):
    X, C = _blobs(seed, *dims, scale, init)
    shown = {} if max_iter is None else {"max_iter": max_iter}
    ctx.show(X=X, centers=C, **shown, layout=note(layout))
    got_c, got_l = _call_lloyd(ctx, X, C, max_iter, layout)
    _compare(ctx, X, C, max_iter, got_c, got_l)


# ----------------------------------------------------------------- ties and empty clusters

tie_shapes = st.tuples(st.integers(1, 10), st.integers(1, 3), st.integers(1, 4))
tie_kinds = st.sampled_from(["duplicate centres", "midpoints", "far centre", "k = n", "k = 1"])


def _grid(seed: int, n: int, d: int, k: int, kind: str):
    """Small integers (so every distance and tie is exact in floating point) with
    duplicate rows, and centres made to tie or to leave a cluster empty."""
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 4, (n, d)).astype(np.float64)
    if kind == "k = n":
        return X, X[rng.permutation(n)].copy()
    if kind == "k = 1":
        return X, X[rng.integers(n)][None].copy()
    k = min(k, n)
    C = X[rng.integers(0, n, k)].copy()
    if kind == "duplicate centres":
        C[-1] = C[0]  # every row ties between centres 0 and k - 1
    elif kind == "midpoints":
        C = rng.integers(0, 4, (k, d)) + 0.5 * rng.integers(0, 2, (k, d))
    else:
        C[-1] = 100.0
    return X, C.astype(np.float64)


TIE_CASES = [
    # (what, X, centers, max_iter)
    ("row 1 midway between the two centres", [[0.0], [2.0], [4.0]], [[1.0], [3.0]], 0),
    ("row 1 midway between the two centres", [[0.0], [2.0], [4.0]], [[1.0], [3.0]], None),
    (
        "centres 0 and 2 equal (centre 2 gets no rows and stays)",
        [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [5.0, 5.0]],
        [[0.0, 0.0], [5.0, 5.0], [0.0, 0.0]],
        None,
    ),
]


@suite.prop("lloyd: a row equally near several centres goes to the lowest index")
def lloyd_tie_rule(ctx: Ctx):
    for what, X, C, max_iter in TIE_CASES:
        X, C = np.array(X), np.array(C)
        shown = {} if max_iter is None else {"max_iter": max_iter}
        ctx.show(X=X, centers=C, **shown, case=what)
        got_c, got_l = _call_lloyd(ctx, X, C, max_iter)
        _compare(ctx, X, C, max_iter, got_c, got_l)


@suite.prop(
    "lloyd: small-integer data: ties, duplicates, k = 1, k = n, empty clusters keep their centre",
    max_examples=12,
    shape=tie_shapes,
    kind=tie_kinds,
    seed=seeds,
    max_iter=st.sampled_from([None, 0, 1, 2]),
)
def lloyd_ties(ctx: Ctx, shape, kind, seed, max_iter):
    X, C = _grid(seed, *shape, kind)
    shown = {} if max_iter is None else {"max_iter": max_iter}
    ctx.show(X=X, centers=C, **shown, case=kind)
    got_c, got_l = _call_lloyd(ctx, X, C, max_iter)
    _compare(ctx, X, C, max_iter, got_c, got_l)


# ----------------------------------------------------------------- slow convergence


@functools.cache
def _slow_chain(m: int = 115, anchors: int = 40, far: float = 100.0) -> np.ndarray:
    """1-D data on which Lloyd's algorithm from centres (t_0, 100) moves exactly one
    point from the right cluster to the left one per iteration: with m = 115 it
    needs 113 iterations, so max_iter = 100 stops it before it converges. Points t_i sit
    just left of the boundary of the step before (a fixed point, solved here),
    and 40 copies of 100 hold the right centre nearly still."""
    t = np.linspace(0.0, 40.0, m)
    i = np.arange(1, m)
    for _ in range(200):
        head = np.cumsum(t)[:-1]
        tail = t.sum() - head + anchors * far
        boundary = (head / i + tail / (m - i + anchors)) / 2
        t = 0.5 * t + 0.5 * np.concatenate([[0.0], boundary - 0.3 * np.diff(t)])
    return np.concatenate([np.round(t, 3), np.full(anchors, far)])[:, None]


@suite.prop("lloyd: max_iter defaults to 100 (data that needs 113 iterations)")
def lloyd_default(ctx: Ctx):
    X = _slow_chain()
    C = np.array([[X[0, 0]], [100.0]])
    ctx.show(
        X="115 points t_0 = 0 < t_1 < ... < 89.548 and 40 copies of 100 (shape (155, 1))",
        centers=C,
        call="lloyd(X, centers) with max_iter left at its default",
    )
    got_c, got_l = _call_lloyd(ctx, X, C, None)
    _compare(ctx, X, C, None, got_c, got_l)


@suite.prop("lloyd: the same data at every scale from 1e-4 to 1e3 gives the same result (no units)")
def lloyd_scales(ctx: Ctx):
    chain = _slow_chain(m=40)  # the same construction, 38 iterations
    for scale in SCALES:
        X = chain * scale
        C = np.array([[chain[0, 0]], [100.0]]) * scale
        ctx.show(
            X=f"{scale:g} times 40 points from 0 to {chain[39, 0]:g} and 40 copies of 100, "
            "data on which Lloyd's algorithm moves one point per iteration (38 of them)",
            centers=C,
            max_iter=100,
        )
        got_c, got_l = _call_lloyd(ctx, X, C, 100)
        _compare(ctx, X, C, 100, got_c, got_l)


# ----------------------------------------------------------------- invariants


@suite.prop(
    "lloyd: the inertia never increases: max_iter = t + 1 gives at most max_iter = t's",
    max_examples=6,
    dims=lloyd_dims,
    seed=seeds,
    init=inits,
    t=st.integers(0, 4),
)
def lloyd_inertia(ctx: Ctx, dims, seed, init, t):
    X, C = _blobs(seed, *dims, 1.0, init)
    ctx.show(X=X, centers=C, max_iter=f"{t} and {t + 1}")
    before = _call_lloyd(ctx, X, C, t)
    after = _call_lloyd(ctx, X, C, t + 1)
    j0, j1 = _inertia(X, *before), _inertia(X, *after)
    if j1 <= j0 * (1 + 1e-12) + 1e-300:
        return
    median = _lloyd_model(X, C, t + 1, centre="median")[0]
    raise ctx.fail(
        "wrong_answer",
        f"the inertia sum ||x_i - centers[labels_i]||^2 rose from {j0:.6g} (max_iter = {t}) "
        f"to {j1:.6g} (max_iter = {t + 1}); each assignment and each update (to the mean) "
        "can only lower it",
        mistake=_named(ctx, MEDIAN if _close(after[0], median) else None),
    )


@suite.prop(
    "lloyd: a fixed point: run again from its own centres it returns them, labels the nearest",
    max_examples=5,
    dims=lloyd_dims,
    seed=seeds,
    init=inits,
)
def lloyd_fixed_point(ctx: Ctx, dims, seed, init):
    X, C = _blobs(seed, *dims, 1.0, init)
    ctx.show(X=X, centers=C)
    got_c, got_l = _call_lloyd(ctx, X, C, None)
    nearest = _nearest(X, got_c)
    wrong = got_l != nearest
    if np.any(wrong):
        i = int(np.argmax(wrong))
        raise ctx.fail(
            "wrong_answer",
            f"labels[{i}] = {int(got_l[i])}, but the nearest returned centre to row {i} is "
            f"{int(nearest[i])}: the labels must be the assignment to the centres returned",
            mistake=_named(ctx, STALE),
        )
    ctx.show(X=X, centers="the centres lloyd(X, centers) returned", first_centers=C)
    again_c, again_l = _call_lloyd(ctx, X, got_c, None)
    ctx.expect_close(
        "centers from lloyd(X, its own result)",
        again_c,
        got_c,
        rtol=RTOL,
        what="moved although the centres were already a fixed point",
    )
    ctx.expect(
        np.array_equal(again_l, got_l),
        "run again from its own centres, lloyd returned other labels",
    )


@suite.speed("lloyd", size="n=1000, D=8, k=8, 10 iterations")
def _speed(impl, rng: np.random.Generator):
    X = rng.standard_normal((1000, 8))
    C = X[:8].copy()
    return lambda: impl.lloyd(X, C, 10)
