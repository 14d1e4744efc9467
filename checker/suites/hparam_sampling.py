"""Hidden suite for the hparam_sampling drill: log-uniform learning rates and
betas with 1 - beta log-uniform, judged with a Kolmogorov-Smirnov statistic.

On the log scale a correct sample is uniform. With n samples the KS distance D from
the uniform CDF exceeds t with probability at most 2 exp(-2 n t^2) (the DKW
inequality); t is set so that this is 1e-7, so a correct answer is rejected with
probability below one in a million over the whole suite.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from checker.report import Mistake
from checker.suitekit import Ctx, PropertyFailed, Suite, describe, seeds

suite = Suite()

N = 20_000
THRESHOLD = float(np.sqrt(np.log(2 / 1e-7) / (2 * N)))  # about 0.0205
LR_RANGES = ((1e-4, 1.0), (1e-6, 1e-2), (1e-3, 0.3))
BETA_RANGES = ((0.9, 0.999), (0.9, 0.9999), (0.5, 0.99))
FUNCTIONS = ("sample_learning_rates", "sample_betas")


def _named(ctx: Ctx, name: str | None) -> Mistake | None:
    return None if name is None else ctx.mistakes.get(name, Mistake(name))


def ks_uniform(u: np.ndarray) -> float:
    """Kolmogorov-Smirnov distance between the sample u and Uniform(0, 1)."""
    u = np.sort(np.clip(u, 0.0, 1.0))
    n = len(u)
    above = np.arange(1, n + 1) / n - u
    below = u - np.arange(n) / n
    return float(max(above.max(), below.max()))


def _to_unit(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    return (values - lo) / (hi - lo)


def _log_gap(fn: str, x: np.ndarray, low: float, high: float) -> np.ndarray:
    """The quantity that should be log-uniform, mapped to [0, 1]."""
    with np.errstate(all="ignore"):
        if fn == "sample_learning_rates":
            return _to_unit(np.log10(x), np.log10(low), np.log10(high))
        return _to_unit(np.log10(1.0 - x), np.log10(1.0 - high), np.log10(1.0 - low))


def _alternatives(fn: str, x: np.ndarray, low: float, high: float) -> dict[str, np.ndarray]:
    """Each mistake's distribution, as the sample mapped through its CDF."""
    with np.errstate(all="ignore"):
        if fn == "sample_learning_rates":
            return {"uniform on the linear scale": _to_unit(x, low, high)}
        return {
            "beta sampled uniformly": _to_unit(x, low, high),
            "beta itself log-uniform": _to_unit(np.log10(x), np.log10(low), np.log10(high)),
        }


def _range_alternatives(fn: str, low: float, high: float) -> dict[str, tuple[float, float]]:
    """Intervals a mistaken sampler stays inside, for naming an out-of-range sample."""
    if fn == "sample_learning_rates":
        return {
            "exponent drawn from [low, high]": (10.0**low, 10.0**high),
            "natural log mixed with log10": (10.0 ** np.log(low), 10.0 ** np.log(high)),
            "natural log mixed with log10 ": (np.exp(np.log10(low)), np.exp(np.log10(high))),
        }
    return {
        "1 - beta returned": (1.0 - high, 1.0 - low),
        "natural log mixed with log10": (
            1.0 - 10.0 ** np.log(1.0 - low),
            1.0 - 10.0 ** np.log(1.0 - high),
        ),
        "natural log mixed with log10 ": (
            1.0 - np.exp(np.log10(1.0 - low)),
            1.0 - np.exp(np.log10(1.0 - high)),
        ),
    }


def _decades(fn: str, x: np.ndarray, low: float, high: float) -> str:
    """Share of samples per decade of lr (or of 1 - beta) against the expected share."""
    if fn == "sample_learning_rates":
        values, lo, hi, label = x, low, high, "lr"
    else:
        values, lo, hi, label = 1.0 - x, 1.0 - high, 1.0 - low, "1 - beta"
    inner = 10.0 ** np.arange(np.ceil(np.log10(lo) + 1e-9), np.floor(np.log10(hi) - 1e-9) + 1)
    edges = np.concatenate([[lo], inner, [hi]])
    counts, _ = np.histogram(np.clip(values, lo, hi), bins=edges)
    share = counts / max(len(values), 1)
    expected = np.diff(np.log10(edges)) / np.log10(hi / lo)
    parts = [
        f"{label} in [{a:.3g}, {b:.3g}]: {s:.1%} (expected {e:.1%})"
        for a, b, s, e in zip(edges[:-1], edges[1:], share, expected, strict=True)
    ]
    return "; ".join(parts[:6])


def _sample(ctx: Ctx, fn: str, n: int, low: float, high: float, seed: int) -> np.ndarray:
    ctx.show(n=n, low=low, high=high, rng=f"np.random.default_rng({seed})")
    x = ctx.call(fn, n, low, high, np.random.default_rng(seed))
    ctx.expect_array(f"{fn}(...)", x, np.zeros(n))
    ctx.expect(bool(np.all(np.isfinite(x))), f"{fn} returned non-finite values")
    return x


def _call_again(ctx: Ctx, fn: str, *args):
    """A further call made only to name a mistake: None when it raises (the failure
    being judged is the first call's); any other failure (a limit, say) stands."""
    try:
        return ctx.call(fn, *args)
    except PropertyFailed as failed:
        if failed.failure.kind != "runtime_error":
            raise
        return None


def _ignores_range(ctx: Ctx, fn: str, x: np.ndarray, low: float, high: float, seed: int) -> bool:
    """Whether a generator made from the same seed gives the same samples for another
    range: the sampler does not use low and high at all."""
    ranges = LR_RANGES if fn == "sample_learning_rates" else BETA_RANGES
    other = next(r for r in ranges if r != (low, high))
    again = _call_again(ctx, fn, len(x), *other, np.random.default_rng(seed))
    return isinstance(again, np.ndarray) and np.array_equal(again, x)


def _evenly_spaced(u: np.ndarray) -> bool:
    gaps = np.diff(np.sort(u))
    return bool(np.all(np.isfinite(gaps)) and gaps.min() > 0 and np.ptp(gaps) <= 1e-6 * gaps.mean())


def _fixed_grid(ctx: Ctx, fn: str, low: float, high: float, seed: int) -> bool:
    """Whether fn returns the same evenly spaced values (on the log or the linear
    scale) for generators made from two seeds: a grid, not random samples."""
    n = 64
    first = _call_again(ctx, fn, n, low, high, np.random.default_rng(seed))
    other = _call_again(ctx, fn, n, low, high, np.random.default_rng(seed + 1))
    if not (isinstance(first, np.ndarray) and first.shape == (n,)):
        return False
    if not np.array_equal(first, other):
        return False
    values = np.asarray(first, dtype=np.float64)
    with np.errstate(all="ignore"):
        scaled = (_log_gap(fn, values, low, high), _to_unit(values, low, high))
    return any(_evenly_spaced(u) for u in scaled)


def _check_range(
    ctx: Ctx, fn: str, x: np.ndarray, low: float, high: float, seed: int | None = None
) -> None:
    """Every sample in [low, high]; `seed` (that of the rng x was drawn with) lets an
    out-of-range sample be traced to a sampler that ignores low and high."""
    slack = 1e-12 * max(abs(low), abs(high))
    if np.all(x >= low - slack) and np.all(x <= high + slack):
        return
    named, why = None, ""
    if seed is not None and _ignores_range(ctx, fn, x, low, high, seed):
        # Every other mistake's samples move with low and high; these do not.
        named, why = "range ignored", " (and exactly the same samples for another range)"
    else:
        for name, (lo, hi) in _range_alternatives(fn, low, high).items():
            lo, hi = min(lo, hi), max(lo, hi)
            if np.all(x >= lo - 1e-9 * abs(lo)) and np.all(x <= hi + 1e-9 * abs(hi)):
                named = name.strip()
                break
    raise ctx.fail(
        "wrong_answer",
        f"{fn} must return values in [low, high] = [{low:g}, {high:g}]; got values from "
        f"{x.min():.6g} to {x.max():.6g}{why}",
        mistake=_named(ctx, named),
    )


@suite.prop(
    "shape (n,), float64, every sample within [low, high]",
    max_examples=15,
    n=st.integers(1, 30),
    which=st.integers(0, 2),
    seed=seeds,
)
def shape_and_range(ctx: Ctx, n, which, seed):
    for fn, ranges in zip(FUNCTIONS, (LR_RANGES, BETA_RANGES), strict=True):
        low, high = ranges[which]
        x = _sample(ctx, fn, n, low, high, seed)
        _check_range(ctx, fn, x, low, high, seed)


@suite.prop("learning rates are log-uniform: each decade gets its share (KS test)")
def learning_rates_log_uniform(ctx: Ctx):
    _distribution(ctx, "sample_learning_rates", LR_RANGES, seed=11)


@suite.prop("1 - beta is log-uniform (beta = 1 - 10^r, r uniform; KS test)")
def betas_log_uniform(ctx: Ctx):
    _distribution(ctx, "sample_betas", BETA_RANGES, seed=23)


def _distribution(ctx: Ctx, fn: str, ranges, seed: int) -> None:
    for k, (low, high) in enumerate(ranges):
        x = _sample(ctx, fn, N, low, high, seed + k)
        _check_range(ctx, fn, x, low, high, seed + k)
        distance = ks_uniform(_log_gap(fn, x, low, high))
        if distance <= THRESHOLD:
            continue
        # The best-fitting mistaken distribution names the mistake: near beta = 1,
        # uniform and log-uniform beta are close, and only the closer one is right.
        fits = {name: ks_uniform(u) for name, u in _alternatives(fn, x, low, high).items()}
        best = min(fits, key=fits.__getitem__)
        named = best if fits[best] <= THRESHOLD else None
        raise ctx.fail(
            "wrong_answer",
            f"{N} samples of {fn}(n, {low:g}, {high:g}, rng) are not log-uniform: the "
            f"Kolmogorov-Smirnov distance on the log scale is {distance:.3f}, above "
            f"{THRESHOLD:.4f}. {_decades(fn, x, low, high)}",
            mistake=_named(ctx, named),
        )


@suite.prop(
    "same seed gives the same samples, another seed other samples",
    max_examples=10,
    n=st.integers(1, 20),
    seed=st.integers(0, 2**31),
)
def reproducible(ctx: Ctx, n, seed):
    for fn, (low, high) in zip(FUNCTIONS, (LR_RANGES[0], BETA_RANGES[0]), strict=True):
        first = _sample(ctx, fn, n, low, high, seed)
        again = _sample(ctx, fn, n, low, high, seed)
        ctx.expect(
            np.array_equal(first, again),
            f"two calls of {fn} with generators made from seed {seed} gave different "
            f"samples ({describe(first)} and {describe(again)}); draw from the rng argument",
            mistake=_named(ctx, "rng ignored"),
        )
        other = _sample(ctx, fn, n, low, high, seed + 1)
        if np.array_equal(first, other):
            named, advice = "rng ignored", "draw from the rng argument, not a generator of your own"
            if _fixed_grid(ctx, fn, low, high, seed):
                named = "a fixed grid instead of random samples"
                advice = "it returns a fixed, evenly spaced grid: draw random samples from rng"
            raise ctx.fail(
                "wrong_answer",
                f"{fn} gave the same samples for seeds {seed} and {seed + 1}; {advice}",
                mistake=_named(ctx, named),
            )


@suite.speed("sample_learning_rates", size="n=1,000,000")
def _speed(impl, rng: np.random.Generator):
    return lambda: impl.sample_learning_rates(1_000_000, 1e-4, 1.0, rng)
