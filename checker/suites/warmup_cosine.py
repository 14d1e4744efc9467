"""Hidden suite for the warmup_cosine drill: linear warm-up, then half a cosine to a floor.

One call per step; every property draws a schedule (T, K, lr_max, lr_min) and a list
of steps, calls the user's function at each, and compares with the reference at the
first step that differs. A wrong value is named by a mistake that agrees with the
user's values at every step the property probed (the precise diagnosis), or failing
that at the failing step alone (so that code with two mistakes still hears of one).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import Ctx, Suite, closeness, describe, seeds

suite = Suite()

FN = "warmup_cosine_lr"
RTOL = 1e-6

lr_maxes = st.sampled_from([1e-3, 0.1, 3e-4, 1.0, 6e-4])
# lr_min as a fraction of lr_max; 0.1 first, so that a failing example shrinks to
# a floor above 0, where the mistakes about lr_min show.
floor_ratios = st.sampled_from([0.1, 0.0, 0.01, 0.5])
warmups = st.integers(1, 40)
gaps = st.integers(2, 200)  # T - K: a cosine has a first and a last step


# ----------------------------------------------------------------- models of known mistakes


def _cosine(a: float, b: float, p: float, cos=math.cos) -> float:
    return b + 0.5 * (a - b) * (1.0 + cos(math.pi * p))


def _schedule(
    T: int,
    K: int,
    a: float,
    b: float,
    *,
    warm: Callable[[int], bool] | None = None,
    ramp: Callable[[int], float] | None = None,
    phase: Callable[[int], float] | None = None,
    curve: Callable[[float], float] | None = None,
    after: Callable[[int], float] | None = None,
    clamp: bool = True,
) -> Callable[[int], float]:
    """The schedule with any of its pieces replaced (a mistake's version of it)."""
    warm = warm or (lambda t: t < K)
    ramp = ramp or (lambda t: a * (t + 1) / K)
    phase = phase or (lambda t: (t - K) / (T - K - 1))
    curve = curve or (lambda p: _cosine(a, b, p))
    after = after or (lambda t: b)

    def lr(t: int) -> float:
        if clamp and t >= T:
            return after(t)
        if warm(t):
            return ramp(t)
        return curve(phase(t))

    return lr


def _reference(T: int, K: int, a: float, b: float) -> Callable[[int], float]:
    return _schedule(T, K, a, b)


def _mistakes(T: int, K: int, a: float, b: float) -> dict[str, Callable[[int], float]]:
    ref = _reference(T, K, a, b)
    return {
        "warm-up ramp t / K (step 0 trains at 0)": _schedule(T, K, a, b, ramp=lambda t: a * t / K),
        "warm-up runs one step too long (t <= K)": _schedule(T, K, a, b, warm=lambda t: t <= K),
        "warm-up ramps from lr_min": _schedule(
            T, K, a, b, ramp=lambda t: b + (a - b) * (t + 1) / K
        ),
        "cosine over T - K steps (never reaches lr_min)": _schedule(
            T, K, a, b, phase=lambda t: (t - K) / (T - K)
        ),
        "cosine over all T steps, ignoring the warm-up": _schedule(
            T, K, a, b, phase=lambda t: t / (T - 1)
        ),
        "cosine decays to 0 instead of lr_min": _schedule(T, K, a, 0.0),
        "cosine decays to 0 instead of lr_min#2": _schedule(
            T, K, a, b, curve=lambda p: _cosine(a, 0.0, p)
        ),
        "cosine decays to 0 instead of lr_min#3": _schedule(T, K, a, b, after=lambda t: 0.0),
        "cos(pi p) without (1 + cos) / 2": _schedule(
            T, K, a, b, curve=lambda p: b + (a - b) * math.cos(math.pi * p)
        ),
        "cosine of an angle in degrees": _schedule(
            T, K, a, b, curve=lambda p: b + 0.5 * (a - b) * (1.0 + math.cos(180.0 * p))
        ),
        "no clamp after total_steps": _schedule(T, K, a, b, clamp=False),
        "integer division (//)": _schedule(
            T, K, a, b, ramp=lambda t: a * ((t + 1) // K), phase=lambda t: (t - K) // (T - K - 1)
        ),
        "integer division (//)#2": _schedule(T, K, a, b, ramp=lambda t: a * ((t + 1) // K)),
        "integer division (//)#3": _schedule(T, K, a, b, phase=lambda t: (t - K) // (T - K - 1)),
        "schedule shifted by one step": lambda t: ref(t + 1),
        "schedule shifted by one step#2": lambda t: ref(t - 1) if t > 0 else 0.0,
    }


# ----------------------------------------------------------------- judging


def _atol(lr_max: float) -> float:
    # An error passes when |got - expected| <= atol + 1e-6 |expected|: this atol allows
    # a rounding-sized gap where the rate is (almost) 0, at the floor lr_min = 0.
    return 1e-12 * lr_max


def _expect_float(ctx: Ctx, got) -> None:
    """A single float: a Python float or a numpy float64 scalar (a subclass of float)."""
    if isinstance(got, float):
        return
    zero_d = isinstance(got, np.ndarray) and got.ndim == 0
    integer = isinstance(got, int | np.integer) and not isinstance(got, bool)
    got_text = "a 0-d numpy array" if zero_d else f"{type(got).__name__} {describe(got)}"
    raise ctx.fail(
        "wrong_shape",
        f"{FN} must return a single float (a Python float or a numpy float64 scalar), "
        f"got {got_text}"
        + (": np.where of Python numbers returns a 0-d array" if zero_d else "")
        + (": an integer, truncated from the rate?" if integer else ""),
        mistake=ctx.mistakes.get("0-d array returned") if zero_d else None,
    )


def _role(t: int, T: int, K: int) -> str:
    if t >= T:
        return "after the last step: lr_min" if t > T else "step T, past the end: lr_min"
    if t == 0 and K > 0:
        return "the first warm-up step: lr_max / K"
    if t == K - 1:
        return "the last warm-up step: lr_max"
    if t == K:
        return "the cosine's first step: lr_max"
    if t == T - 1:
        return "the last step: lr_min"
    if t < K:
        return "warm-up"
    return f"in the cosine, p = {(t - K) / (T - K - 1):.4g}"


def _show(ctx: Ctx, t: int, T: int, K: int, lr_max: float, lr_min: float | None) -> None:
    shown = {"t": t, "total_steps": T, "warmup_steps": K, "lr_max": lr_max}
    shown["lr_min"] = "not passed (default)" if lr_min is None else lr_min
    ctx.show(**shown)


def _named(
    models: dict[str, Callable[[int], float]], steps: list[int], got: list[float], t: int, atol
) -> dict[str, Callable[[], float]]:
    """expect_close's mistakes: first those that agree with every probed step, then
    those that agree at the failing step t alone."""
    values = np.asarray(got, dtype=np.float64)

    def everywhere(model: Callable[[int], float]) -> Callable[[], float]:
        def make() -> float:
            want = np.array([model(s) for s in steps], dtype=np.float64)
            if not closeness(values, want, RTOL, atol).ok:
                raise ValueError("this mistake does not fit every step")
            return model(t)

        return make

    named: dict[str, Callable[[], float]] = {}
    for key, model in models.items():
        named[f"{key}#all"] = everywhere(model)
    for key, model in models.items():
        named[f"{key}#here"] = lambda model=model: model(t)
    return named


def _judge(
    ctx: Ctx,
    T: int,
    K: int,
    lr_max: float,
    lr_min: float,
    steps: list[int],
    default: bool = False,
) -> list[float]:
    """Call the user's function at every step, then compare step by step.

    With `default`, lr_min is not passed (and must default to 0.0, which lr_min is)."""
    got = []
    for t in steps:
        _show(ctx, t, T, K, lr_max, None if default else lr_min)
        args = (t, T, K, lr_max) if default else (t, T, K, lr_max, lr_min)
        value = ctx.call(FN, *args)
        _expect_float(ctx, value)
        got.append(float(value))
    ref = _reference(T, K, lr_max, lr_min)
    atol = _atol(lr_max)
    for t, value in zip(steps, got, strict=True):
        want = ref(t)
        if closeness(np.float64(value), np.float64(want), RTOL, atol).ok:
            continue
        _show(ctx, t, T, K, lr_max, None if default else lr_min)
        mistakes = _named(_mistakes(T, K, lr_max, lr_min), steps, got, t, atol)
        ctx.expect_close(
            f"lr at step t = {t} ({_role(t, T, K)})",
            np.float64(value),
            np.float64(want),
            rtol=RTOL,
            atol=atol,
            mistakes=mistakes,
        )
    return got


def _boundaries(T: int, K: int) -> list[int]:
    """The page's table (0, K - 1, K, T - 1), the cosine's middle and step T."""
    middle = K + (T - K - 1) // 2
    return sorted({0, max(K - 1, 0), K, middle, T - 1, T})


# ----------------------------------------------------------------- values


@suite.prop(
    "boundary steps 0, K - 1, K, T - 1 and T, as in the cheatsheet's table",
    max_examples=20,
    K=warmups,
    gap=gaps,
    lr_max=lr_maxes,
    ratio=floor_ratios,
)
def boundaries(ctx: Ctx, K, gap, lr_max, ratio):
    T = K + gap
    _judge(ctx, T, K, lr_max, ratio * lr_max, _boundaries(T, K))


@suite.prop(
    "every step of a short schedule matches the formula",
    max_examples=8,
    K=st.integers(1, 6),
    gap=st.integers(2, 8),
    lr_max=lr_maxes,
    ratio=floor_ratios,
)
def every_step(ctx: Ctx, K, gap, lr_max, ratio):
    T = K + gap
    _judge(ctx, T, K, lr_max, ratio * lr_max, list(range(T + 2)))


@suite.prop(
    "long runs: up to a million steps and thousands of warm-up steps",
    max_examples=8,
    T=st.integers(1_000, 1_000_000),
    warmup_share=st.sampled_from([0.01, 0.05, 0.001, 0.2]),
    lr_max=lr_maxes,
    ratio=floor_ratios,
    seed=seeds,
)
def long_runs(ctx: Ctx, T, warmup_share, lr_max, ratio, seed):
    K = max(1, int(T * warmup_share))
    rng = np.random.default_rng(seed)
    inside = rng.integers(0, T, 4).tolist()
    _judge(ctx, T, K, lr_max, ratio * lr_max, sorted({*_boundaries(T, K), *inside}))


# ----------------------------------------------------------------- edge cases


@suite.prop(
    "warmup_steps = 0: no warm-up, the cosine starts at lr_max on step 0",
    max_examples=6,
    T=st.integers(2, 200),
    lr_max=lr_maxes,
    ratio=floor_ratios,
)
def no_warmup(ctx: Ctx, T, lr_max, ratio):
    steps = sorted({0, 1, (T - 1) // 2, T - 1, T, T + 3})
    _judge(ctx, T, 0, lr_max, ratio * lr_max, steps)


@suite.prop(
    "warmup_steps = total_steps: warm-up only, then lr_min",
    max_examples=6,
    T=st.integers(1, 100),
    lr_max=lr_maxes,
    ratio=floor_ratios,
)
def warmup_only(ctx: Ctx, T, lr_max, ratio):
    steps = sorted({0, T // 2, T - 1, T, T + 1, 2 * T + 1})
    _judge(ctx, T, T, lr_max, ratio * lr_max, steps)


@suite.prop(
    "after total_steps the rate stays at lr_min (no climb back up)",
    max_examples=6,
    K=st.integers(0, 20),
    gap=st.integers(2, 100),
    lr_max=lr_maxes,
    ratio=floor_ratios,
)
def stays_at_floor(ctx: Ctx, K, gap, lr_max, ratio):
    T = K + gap
    # T + (T - K - 1) is where an unclamped cosine is back at lr_max.
    steps = [T - 1, T, T + 1, T + (T - K - 1) // 2, T + (T - K - 1), 3 * T + 7]
    _judge(ctx, T, K, lr_max, ratio * lr_max, steps)


@suite.prop(
    "default: lr_min = 0.0 when it is not passed",
    max_examples=5,
    K=st.integers(0, 10),
    gap=st.integers(2, 50),
    lr_max=lr_maxes,
)
def default_floor(ctx: Ctx, K, gap, lr_max):
    T = K + gap
    _judge(ctx, T, K, lr_max, 0.0, _boundaries(T, K), default=True)


# ----------------------------------------------------------------- invariants


@suite.prop(
    "from step K on: within [lr_min, lr_max], never rising, symmetric about the middle",
    max_examples=6,
    K=st.integers(0, 6),
    gap=st.integers(2, 16),
    lr_max=lr_maxes,
    ratio=floor_ratios,
)
def shape(ctx: Ctx, K, gap, lr_max, ratio):
    T = K + gap
    lr_min = ratio * lr_max
    got = []
    for t in range(T + 3):
        _show(ctx, t, T, K, lr_max, lr_min)
        value = ctx.call(FN, t, T, K, lr_max, lr_min)
        _expect_float(ctx, value)
        got.append(float(value))
    slack = 1e-9 * lr_max
    ctx.show(total_steps=T, warmup_steps=K, lr_max=lr_max, lr_min=lr_min, steps=f"0 to {T + 2}")
    for t in range(K, T + 3):
        ctx.expect(
            lr_min - slack <= got[t] <= lr_max + slack,
            f"lr at step t = {t} is {got[t]:.6g}, outside [lr_min, lr_max] = "
            f"[{lr_min:.6g}, {lr_max:.6g}]: from step K on, the rate goes from lr_max down "
            "to lr_min and stays there",
        )
    for t in range(max(K, 1), T + 3):
        ctx.expect(
            got[t] <= got[t - 1] + slack,
            f"lr rises from {got[t - 1]:.6g} at step t = {t - 1} to {got[t]:.6g} at step "
            f"t = {t}: after the warm-up the rate never goes up",
        )
    for j in range(T - K):
        left, right = got[K + j], got[T - 1 - j]
        ctx.expect(
            abs(left + right - (lr_max + lr_min)) <= 1e-6 * lr_max,
            f"the cosine is not symmetric about its middle: lr at step t = {K + j} "
            f"({left:.6g}) plus lr at step t = {T - 1 - j} ({right:.6g}) should be "
            f"lr_max + lr_min = {lr_max + lr_min:.6g}",
        )
