"""Hidden suite for the weight_init drill: Xavier (sqrt(1 / fan_in)) and He
(sqrt(2 / fan_in)) Gaussian initialisation, judged statistically.

The statistical checks draw a million weights from a fixed seed and accept a sample
standard deviation within 6 standard errors of the target, so a correct answer fails
with probability below 1e-8; the mistakes modelled here sit tens of errors away.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from checker.report import Mistake
from checker.suitekit import Ctx, Suite, seeds

suite = Suite()

FUNCTIONS = {"xavier_init": 1.0, "he_init": 2.0}  # name -> gain in std = sqrt(gain / fan_in)
# Fans far apart in both orders, so fan_in and fan_out (and their mean) give different scales.
BIG_FANS = ((400, 2500), (2500, 400))
NORMAL_TAIL = 0.04550026389635842  # P(|Z| > 2) for a standard normal


def _named(ctx: Ctx, name: str) -> Mistake:
    return ctx.mistakes.get(name, Mistake(name))


def _std_mistakes(fn: str, fan_in: int, fan_out: int) -> dict:
    gain = FUNCTIONS[fn]
    other = 2.0 if gain == 1.0 else 1.0
    mistakes = {
        "He and Xavier swapped": lambda: np.sqrt(other / fan_in),
        "fan_out used instead of fan_in": lambda: np.sqrt(gain / fan_out),
        "variance used as the standard deviation": lambda: gain / fan_in,
        "uniform instead of normal": lambda: np.sqrt(gain / fan_in / 3.0),
        "constant 0.01 scale": lambda: 0.01,
        "unscaled standard normal": lambda: 1.0,
    }
    if fn == "xavier_init":
        mistakes["Glorot's average of the fans"] = lambda: np.sqrt(2.0 / (fan_in + fan_out))
    return mistakes


def _draw(ctx: Ctx, fn: str, fan_in: int, fan_out: int, seed: int) -> np.ndarray:
    ctx.show(fan_in=fan_in, fan_out=fan_out, rng=f"np.random.default_rng({seed})")
    w = ctx.call(fn, fan_in, fan_out, np.random.default_rng(seed))
    like = np.zeros((fan_in, fan_out))
    if isinstance(w, np.ndarray) and w.shape == (fan_out, fan_in) and fan_in != fan_out:
        raise ctx.fail(
            "wrong_shape",
            f"{fn} returned shape {w.shape}; W must have shape (fan_in, fan_out) = "
            f"{(fan_in, fan_out)}",
            mistake=_named(ctx, "shape transposed"),
        )
    ctx.expect_array("W", w, like)
    return w


@suite.prop("standard deviation is sqrt(1 / fan_in) for Xavier and sqrt(2 / fan_in) for He")
def scale(ctx: Ctx):
    for k, fn in enumerate(FUNCTIONS):
        for fan_in, fan_out in BIG_FANS:
            w = _draw(ctx, fn, fan_in, fan_out, seed=1000 + 10 * k + fan_in % 7)
            n = w.size
            expected = np.sqrt(FUNCTIONS[fn] / fan_in)
            ctx.expect_close(
                f"std of {fn}({fan_in}, {fan_out}, rng)",
                np.float64(w.std()),
                np.float64(expected),
                rtol=6.0 / np.sqrt(2.0 * n),
                mistakes=_std_mistakes(fn, fan_in, fan_out),
                what=f"is not sqrt({FUNCTIONS[fn]:g} / fan_in) (within 6 standard errors)",
            )
            bound = 6.0 * expected / np.sqrt(n)
            ctx.expect(
                abs(float(w.mean())) <= bound,
                f"the mean of {fn}({fan_in}, {fan_out}, rng) is {w.mean():.3g}; zero-mean "
                f"weights give a mean within {bound:.2g} of 0",
            )


@suite.prop("weights are normally distributed (share beyond 2 standard deviations is 4.55%)")
def normal_shape(ctx: Ctx):
    for k, fn in enumerate(FUNCTIONS):
        fan_in, fan_out = BIG_FANS[0]
        w = _draw(ctx, fn, fan_in, fan_out, seed=2000 + k)
        n = w.size
        sigma = np.sqrt(FUNCTIONS[fn] / fan_in)
        share = float(np.mean(np.abs(w) > 2.0 * sigma))
        spread = 6.0 * np.sqrt(NORMAL_TAIL * (1.0 - NORMAL_TAIL) / n)
        ok = abs(share - NORMAL_TAIL) <= spread
        uniform = share < NORMAL_TAIL / 2
        ctx.expect(
            ok,
            f"{share:.4%} of the weights of {fn}({fan_in}, {fan_out}, rng) lie beyond 2 "
            f"standard deviations; a normal distribution puts {NORMAL_TAIL:.2%} there "
            f"(allowed {NORMAL_TAIL - spread:.2%} to {NORMAL_TAIL + spread:.2%})",
            mistake=_named(ctx, "uniform instead of normal") if uniform else None,
        )


@suite.prop(
    "shape (fan_in, fan_out), float64, same seed same weights, other seed other weights",
    max_examples=15,
    fan_in=st.integers(1, 8),
    fan_out=st.integers(1, 8),
    seed=seeds,
)
def reproducible(ctx: Ctx, fan_in, fan_out, seed):
    for fn in FUNCTIONS:
        first = _draw(ctx, fn, fan_in, fan_out, seed)
        again = _draw(ctx, fn, fan_in, fan_out, seed)
        rng_ignored = _named(ctx, "rng ignored")
        ctx.expect(
            np.array_equal(first, again),
            f"two calls of {fn} with generators made from the same seed gave different "
            "weights; draw every number from the rng argument",
            mistake=rng_ignored,
        )
        other = _draw(ctx, fn, fan_in, fan_out, (seed + 1) % 2**32)
        ctx.expect(
            not np.array_equal(first, other),
            f"{fn} gave the same weights for generators made from seeds {seed} and "
            f"{(seed + 1) % 2**32}; draw from the rng argument rather than a generator "
            "of your own",
            mistake=rng_ignored,
        )
        ctx.expect(bool(np.all(np.isfinite(first))), f"{fn} returned non-finite weights")


@suite.speed("he_init", size="fan_in=1024, fan_out=1024")
def _speed(impl, rng: np.random.Generator):
    return lambda: impl.he_init(1024, 1024, rng)
