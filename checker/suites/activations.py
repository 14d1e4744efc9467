"""Hidden suite for the activations drill: ReLU, leaky ReLU, sigmoid, tanh."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
from hypothesis import strategies as st

from checker.report import Mismatch, Mistake
from checker.suitekit import SCALES, Ctx, Suite, as_layout, closeness, describe, layouts, seeds
from checker.suites._layouts import note
from checker.suites._own_cache import TITLE, check_own_cache, show_calls

suite = Suite()

shapes = st.lists(st.integers(1, 5), min_size=1, max_size=3).map(tuple)
# Unit scale first so a failing example shrinks to ordinary values.
scales = st.sampled_from(sorted(SCALES, key=lambda s: abs(np.log10(s))))
# What every forward and backward comparison draws (leaky ReLU adds an alpha): the
# memory layout too, since arrays arrive transposed or sliced in real use.
arrays = {"shape": shapes, "seed": seeds, "scale": scales, "layout": layouts}
alphas = st.sampled_from([0.2, 0.05, 0.5])  # never the default: the backward must use its own
DEFAULT_ALPHA = 0.01
LIMIT = 1000.0  # the contract's largest |x|
EXTREMES = np.array([-1000.0, -750.0, -40.0, 0.0, 40.0, 750.0, 1000.0])


def _x(seed: int, shape: tuple[int, ...], scale: float, zeros: bool = True) -> np.ndarray:
    """Normal values (clipped to the contract's range), about a fifth of them exactly 0."""
    rng = np.random.default_rng(seed)
    x = np.clip(rng.standard_normal(shape) * scale, -LIMIT, LIMIT)
    if zeros:
        x[rng.random(shape) < 0.2] = 0.0
    return x


def _dout(seed: int, x: np.ndarray) -> np.ndarray:
    # Negative wherever x == 0, so that a wrong gradient at the kink cannot be mistaken
    # for a gradient gated on the sign of dout.
    dout = np.random.default_rng(seed + 1).standard_normal(x.shape)
    return np.where(x == 0, -np.abs(dout), dout)


def _away_from_zero(seed: int, shape: tuple[int, ...]) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.uniform(0.1, 3.0, shape) * rng.choice([-1.0, 1.0], shape)


def _stable_sigmoid(x: np.ndarray) -> np.ndarray:
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


# ----------------------------------------------------------------- models of known mistakes


def _forward_mistakes(kind: str, x: np.ndarray, alpha: float) -> dict[str, Callable]:
    if kind == "leaky_relu":
        return {"leaky slope applied to the positive side": lambda: np.where(x > 0, alpha * x, x)}
    if kind == "sigmoid":
        return {"sigmoid overflows for large |x|": lambda: np.exp(x) / (1 + np.exp(x))}
    if kind == "tanh":
        return {
            "tanh overflows for large |x|": lambda: (
                (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
            )
        }
    return {}


def _backward_mistakes(kind: str, x: np.ndarray, dout: np.ndarray, alpha: float):
    if kind == "relu":
        return {
            "ReLU gradient gated on dout instead of x": lambda: dout * (dout > 0),
            "ReLU gradient at 0 is not 0": lambda: dout * (x >= 0),
            "backward ignores dout": lambda: (x > 0).astype(float),
        }
    if kind == "leaky_relu":
        return {
            "leaky backward ignores alpha": lambda: np.where(x > 0, dout, DEFAULT_ALPHA * dout),
            "leaky backward drops the negative slope": lambda: dout * (x > 0),
            "leaky gradient at 0 is not alpha": lambda: np.where(x >= 0, dout, alpha * dout),
            "leaky slope applied to the positive side": lambda: np.where(x > 0, alpha * dout, dout),
            "backward ignores dout": lambda: np.where(x > 0, 1.0, alpha),
        }
    if kind == "sigmoid":
        s = _stable_sigmoid(x)
        overflowing = _forward_mistakes(kind, x, alpha)["sigmoid overflows for large |x|"]
        return {
            "sigmoid derivative from exp(-x) overflows": lambda: (
                dout * np.exp(-x) / (1 + np.exp(-x)) ** 2
            ),
            "sigmoid backward uses x instead of the output": lambda: dout * x * (1 - x),
            "backward ignores dout": lambda: s * (1 - s),
            # A right backward on the NaN that an overflowing forward cached.
            "sigmoid overflows for large |x|": lambda: dout * overflowing() * (1 - overflowing()),
        }
    t = np.tanh(x)
    overflowing = _forward_mistakes(kind, x, alpha)["tanh overflows for large |x|"]
    return {
        "tanh derivative uses x instead of tanh(x)": lambda: dout * (1 - x**2),
        "backward ignores dout": lambda: 1 - t**2,
        # A right backward on the NaN that an overflowing forward cached.
        "tanh overflows for large |x|": lambda: dout * (1 - overflowing() ** 2),
    }


# ----------------------------------------------------------------- helpers


def _same_overflow(got: np.ndarray, value: np.ndarray) -> bool:
    """True when `value` (a mistake's output) has NaN and inf exactly where `got` has,
    and agrees with it everywhere else."""
    value = np.asarray(value, dtype=np.float64)
    if value.shape != got.shape:
        return False
    if not np.array_equal(np.isnan(got), np.isnan(value)):
        return False
    if not np.array_equal(np.isposinf(got), np.isposinf(value)):
        return False
    if not np.array_equal(np.isneginf(got), np.isneginf(value)):
        return False
    finite = np.isfinite(got)
    return closeness(got[finite], value[finite], 1e-6, 1e-12).ok


def _expect_finite(ctx: Ctx, output: str, got, expected: np.ndarray, mistakes) -> None:
    """A NaN or inf where the exact value is finite fails here, before expect_close,
    so that a mistake producing the same non-finite entries can be named (the
    generic comparison cannot match outputs that contain NaN)."""
    if not isinstance(got, np.ndarray) or got.shape != expected.shape:
        return  # expect_close reports the shape
    if not np.issubdtype(got.dtype, np.floating):
        return
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
    index = "[" + ", ".join(map(str, where)) + "]"
    raise ctx.fail(
        "wrong_answer",
        f"{output} is {got[where]} at {output}{index}, where the exact value is "
        f"{float(expected[where]):.6g} (an overflow in an intermediate result?)",
        mismatch=Mismatch(output, describe(expected), describe(got), index),
        mistake=named,
    )


def _forward_atol(kind: str, x: np.ndarray) -> float:
    # Values are judged on their natural scale: |x| for the ReLUs, 1 for the squashing
    # functions, whose saturated tails (1e-300 against 0.0) no one can tell apart. An
    # error passes when |got - expected| <= 1e-6 * (|expected| + atol + ...), so this
    # allows an absolute error of about 1e-12 on that scale.
    if kind in ("sigmoid", "tanh"):
        return 1e-6
    return 1e-6 * float(np.max(np.abs(x), initial=0.0))


def _slope(alpha: float | None) -> float:
    """The negative-side slope the mistake models use; None means alpha was omitted
    (or the function takes none)."""
    return DEFAULT_ALPHA if alpha is None else alpha


def _show(
    ctx: Ctx,
    x: np.ndarray,
    alpha: float | None,
    dout: np.ndarray | None = None,
    layout: str | None = None,
) -> None:
    """Show x, alpha where it is passed, dout where there is one, and the memory
    layout where one was drawn, in that order."""
    shown: dict = {"x": x}
    if alpha is not None:
        shown["alpha"] = alpha
    if dout is not None:
        shown["dout"] = dout
    if layout is not None:
        shown["layout"] = note(layout)
    ctx.show(**shown)


def _forward(ctx: Ctx, kind: str, x: np.ndarray, alpha: float | None):
    args = (x,) if alpha is None else (x, alpha)
    return ctx.call(f"{kind}_forward", *args, unpack=2)


def _user_dx(ctx: Ctx, kind: str, x: np.ndarray, dout: np.ndarray, alpha: float | None):
    _, cache = _forward(ctx, kind, x, alpha)
    return ctx.call(f"{kind}_backward", dout, cache)


def _ref_forward(ctx: Ctx, kind: str, x: np.ndarray, alpha: float | None):
    fn = getattr(ctx.ref, f"{kind}_forward")
    return fn(x) if alpha is None else fn(x, alpha)


def _check_forward(
    ctx: Ctx, kind: str, x: np.ndarray, alpha: float | None, layout: str | None = None
) -> None:
    """The user's forward (given x in memory layout `layout`) against the reference's."""
    _show(ctx, x, alpha, layout=layout)
    out, _ = _forward(ctx, kind, as_layout(x, layout or "C"), alpha)
    expected, _ = _ref_forward(ctx, kind, x, alpha)
    mistakes = _forward_mistakes(kind, x, _slope(alpha))
    name = f"{kind}_forward out"
    _expect_finite(ctx, name, out, expected, mistakes)
    ctx.expect_close(name, out, expected, atol=_forward_atol(kind, x), mistakes=mistakes)


def _check_backward(
    ctx: Ctx,
    kind: str,
    x: np.ndarray,
    dout: np.ndarray,
    alpha: float | None,
    layout: str | None = None,
):
    """The user's backward (x and dout in memory layout `layout`) against the reference's."""
    _show(ctx, x, alpha, dout, layout)
    laid = layout or "C"
    dx = _user_dx(ctx, kind, as_layout(x, laid), as_layout(dout, laid), alpha)
    _, ref_cache = _ref_forward(ctx, kind, x, alpha)
    expected = getattr(ctx.ref, f"{kind}_backward")(dout, ref_cache)
    mistakes = _backward_mistakes(kind, x, dout, _slope(alpha))
    name = f"{kind}_backward dx"
    _expect_finite(ctx, name, dx, expected, mistakes)
    atol = 1e-6 * float(np.max(np.abs(dout)))  # about 1e-12 absolute, on dout's scale
    ctx.expect_close(name, dx, expected, atol=atol, mistakes=mistakes)


# ----------------------------------------------------------------- forward


@suite.prop("relu forward: max(x, 0)", max_examples=12, **arrays)
def relu_forward(ctx: Ctx, shape, seed, scale, layout):
    _check_forward(ctx, "relu", _x(seed, shape, scale), None, layout)


@suite.prop(
    "leaky ReLU forward: x for x > 0, alpha * x otherwise", max_examples=15, **arrays, alpha=alphas
)
def leaky_forward(ctx: Ctx, shape, seed, scale, layout, alpha):
    _check_forward(ctx, "leaky_relu", _x(seed, shape, scale), alpha, layout)


@suite.prop(
    "sigmoid forward: 1 / (1 + exp(-x)), finite up to |x| = 1000", max_examples=15, **arrays
)
def sigmoid_forward(ctx: Ctx, shape, seed, scale, layout):
    _check_forward(ctx, "sigmoid", _x(seed, shape, scale), None, layout)


@suite.prop("tanh forward: tanh(x), finite up to |x| = 1000", max_examples=15, **arrays)
def tanh_forward(ctx: Ctx, shape, seed, scale, layout):
    _check_forward(ctx, "tanh", _x(seed, shape, scale), None, layout)


# ----------------------------------------------------------------- backward


@suite.prop(
    "relu backward: dout where x > 0, 0 where x <= 0 (also at x = 0)", max_examples=15, **arrays
)
def relu_backward(ctx: Ctx, shape, seed, scale, layout):
    x = _x(seed, shape, scale)
    _check_backward(ctx, "relu", x, _dout(seed, x), None, layout)


@suite.prop(
    "leaky ReLU backward: dout where x > 0, alpha * dout where x <= 0, with the forward's alpha",
    max_examples=15,
    **arrays,
    alpha=alphas,
)
def leaky_backward(ctx: Ctx, shape, seed, scale, layout, alpha):
    x = _x(seed, shape, scale)
    _check_backward(ctx, "leaky_relu", x, _dout(seed, x), alpha, layout)


@suite.prop("sigmoid backward: dout * s * (1 - s)", max_examples=15, **arrays)
def sigmoid_backward(ctx: Ctx, shape, seed, scale, layout):
    x = _x(seed, shape, scale)
    _check_backward(ctx, "sigmoid", x, _dout(seed, x), None, layout)


@suite.prop("tanh backward: dout * (1 - tanh(x)**2)", max_examples=15, **arrays)
def tanh_backward(ctx: Ctx, shape, seed, scale, layout):
    x = _x(seed, shape, scale)
    _check_backward(ctx, "tanh", x, _dout(seed, x), None, layout)


# ----------------------------------------------------------------- gradient check


@suite.prop(
    "gradient check: each backward is the derivative of your forward (x away from 0)",
    max_examples=8,
    shape=st.lists(st.integers(1, 4), min_size=1, max_size=2).map(tuple),
    seed=seeds,
    alpha=alphas,
)
def gradient_check(ctx: Ctx, shape, seed, alpha):
    x = _away_from_zero(seed, shape)
    dout = np.random.default_rng(seed + 2).standard_normal(shape)
    for kind, a in (("relu", None), ("leaky_relu", alpha), ("sigmoid", None), ("tanh", None)):
        _show(ctx, x, a, dout)
        dx = _user_dx(ctx, kind, x, dout, a)

        def loss(v, kind=kind, a=a):
            out, _ = _forward(ctx, kind, v, a)
            return float(np.sum(np.asarray(out) * dout))

        mistakes = _backward_mistakes(kind, x, dout, _slope(a))
        ctx.grad_check(f"{kind}_backward dx", loss, x, dx, mistakes=mistakes)


@suite.prop(
    f"{TITLE} (each activation)",
    max_examples=4,  # times four activation pairs
    first=shapes,
    second=shapes,
    other_shape=st.booleans(),
    seed=seeds,
    # Two different alphas: a leaky backward must use its own forward's.
    alpha_pair=st.sampled_from([(0.2, 0.05), (0.05, 0.5), (0.5, 0.2)]),
)
def own_cache(ctx: Ctx, first, second, other_shape, seed, alpha_pair):
    shape = (first, second if other_shape else first)
    xs = [_x(seed + 3 * k, shape[k], 1.0) for k in range(2)]
    douts = [_dout(seed + 3 * k, xs[k]) for k in range(2)]
    for kind in ("relu", "leaky_relu", "sigmoid", "tanh"):
        alpha = alpha_pair if kind == "leaky_relu" else (None, None)
        args = [(xs[k],) if alpha[k] is None else (xs[k], alpha[k]) for k in range(2)]
        shown = [{"x": xs[k], "dout": douts[k]} for k in range(2)]
        if kind == "leaky_relu":
            shown = [{"x": xs[k], "alpha": alpha[k], "dout": douts[k]} for k in range(2)]
        show_calls(ctx, shown)
        check_own_cache(
            ctx,
            f"{kind}_forward",
            f"{kind}_backward",
            [(args[k], douts[k]) for k in range(2)],
            (f"{kind}_backward dx",),
            atols=lambda k: (1e-6 * float(np.max(np.abs(douts[k]))),),
        )


# ----------------------------------------------------------------- edge cases


@suite.prop(
    "leaky ReLU default: alpha = 0.01 when omitted, forward and backward",
    max_examples=8,
    shape=shapes,
    seed=seeds,
)
def leaky_default(ctx: Ctx, shape, seed):
    x = _x(seed, shape, 1.0)
    x.flat[0] = -0.5 - abs(x.flat[0])  # a negative entry, where the slope shows
    dout = _dout(seed, x)
    ctx.show(x=x, dout=dout)
    out, cache = ctx.call("leaky_relu_forward", x, unpack=2)
    expected, ref_cache = ctx.ref.leaky_relu_forward(x)
    negative = x < 0
    mistakes = {}
    if isinstance(out, np.ndarray) and out.shape == x.shape and negative.any():
        # The slope the user's default actually gives, to name a wrong default.
        slope = float(np.median(out[negative] / x[negative]))
        if not np.isclose(slope, DEFAULT_ALPHA):
            mistakes["default alpha is not 0.01"] = lambda: np.where(x > 0, x, slope * x)
    ctx.expect_close("leaky_relu_forward out (alpha omitted)", out, expected, mistakes=mistakes)
    dx = ctx.call("leaky_relu_backward", dout, cache)
    ctx.expect_close(
        "leaky_relu_backward dx (alpha omitted)",
        dx,
        ctx.ref.leaky_relu_backward(dout, ref_cache),
        mistakes=_backward_mistakes("leaky_relu", x, dout, DEFAULT_ALPHA),
    )


@suite.prop("sigmoid and tanh at x = +-1000, +-750, +-40 and 0: finite, saturated values")
def extremes(ctx: Ctx):
    x = EXTREMES.copy()
    dout = np.ones_like(x)
    for kind in ("sigmoid", "tanh"):
        _check_forward(ctx, kind, x, None)
        _check_backward(ctx, kind, x, dout, None)


# ----------------------------------------------------------------- speed


@suite.speed("sigmoid_forward", size="x of shape (256, 1024)")
def _speed(impl, rng: np.random.Generator):
    x = rng.standard_normal((256, 1024)) * 5
    return lambda: impl.sigmoid_forward(x)
