"""Hidden suite for the gelu drill: GELU (exact and tanh forms) and SiLU."""

from __future__ import annotations

import math
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
# What every forward and backward comparison draws: the memory layout too, since
# arrays arrive transposed or sliced in real use.
arrays = {"shape": shapes, "seed": seeds, "scale": scales, "layout": layouts}
LIMIT = 1000.0  # the contract's largest |x|
EXTREMES = np.array([-1000.0, -750.0, -40.0, -10.0, 0.0, 10.0, 40.0, 750.0, 1000.0])
FORMS = ("none", "tanh")

C = math.sqrt(2.0 / math.pi)
A = 0.044715
_erf = np.vectorize(math.erf, otypes=[np.float64])

EXACT_ASKED = "tanh approximation where the exact form was asked"
TANH_ASKED = "exact form where the tanh approximation was asked"
NO_HALF = "GELU missing the 1/2"
NO_PRODUCT = "GELU derivative missing the product-rule term"
IGNORES_DOUT = "backward ignores dout"
SIGMOID_OVERFLOW = "sigmoid overflows for large |x|"


def _x(seed: int, shape: tuple[int, ...], scale: float) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.clip(rng.standard_normal(shape) * scale, -LIMIT, LIMIT)


def _dout(seed: int, shape: tuple[int, ...]) -> np.ndarray:
    return np.random.default_rng(seed + 1).standard_normal(shape)


# ----------------------------------------------------------------- the functions and their slips


INV_SQRT_2 = 1.0 / math.sqrt(2.0)


def _phi_cdf(x, scale=INV_SQRT_2):
    return 0.5 * (1.0 + _erf(x * scale))


def _pdf(x):
    return np.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)


def _u(x, c=C, a=A, power=3, inside=True):
    return c * (x + a * x**power) if inside else c * x + a * x**power


def _gelu_tanh(x, u=None):
    return 0.5 * x * (1.0 + np.tanh(_u(x) if u is None else u))


def _gelu_tanh_grad(x, du=None):
    t = np.tanh(_u(x))
    du = C * (1.0 + 3.0 * A * x**2) if du is None else du
    return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t**2) * du


def _gelu_exact(x):
    return x * _phi_cdf(x)


def _gelu_exact_grad(x):
    return _phi_cdf(x) + x * _pdf(x)


def _stable_sigmoid(x):
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def _forward_mistakes(kind: str, x: np.ndarray) -> dict[str, Callable]:
    """What each known slip outputs on x; kind is "none" or "tanh" (GELU) or "silu"."""
    if kind == "silu":
        return {SIGMOID_OVERFLOW: lambda: x * np.exp(x) / (1.0 + np.exp(x))}
    wrong_u = "tanh form with a wrong inner argument u"
    if kind == "tanh":
        u = _u(x)
        return {
            TANH_ASKED: lambda: _gelu_exact(x),
            NO_HALF: lambda: x * (1.0 + np.tanh(u)),
            wrong_u: lambda: _gelu_tanh(x, _u(x, c=1.0)),
            f"{wrong_u}#2": lambda: _gelu_tanh(x, _u(x, inside=False)),
            f"{wrong_u}#3": lambda: _gelu_tanh(x, _u(x, c=math.sqrt(2.0 * math.pi))),
            f"{wrong_u}#4": lambda: _gelu_tanh(x, _u(x, c=2.0 / math.pi)),
            f"{wrong_u}#5": lambda: _gelu_tanh(x, _u(x, power=2)),
            "tanh overflows for large |x|": lambda: 0.5 * x * (
                1.0 + (np.exp(u) - np.exp(-u)) / (np.exp(u) + np.exp(-u))
            ),
            "tanh overflows for large |x|#2": lambda: 0.5 * x * (
                1.0 + (np.exp(2 * u) - 1.0) / (np.exp(2 * u) + 1.0)
            ),
        }
    no_root = "erf without the 1/sqrt(2)"
    return {
        EXACT_ASKED: lambda: _gelu_tanh(x),
        "sigmoid approximation x sigmoid(1.702 x)": lambda: x * _stable_sigmoid(1.702 * x),
        NO_HALF: lambda: x * (1.0 + _erf(x / math.sqrt(2.0))),
        no_root: lambda: x * _phi_cdf(x, scale=1.0),
        f"{no_root}#2": lambda: x * _phi_cdf(x, scale=0.5),
        f"{no_root}#3": lambda: x * _phi_cdf(x, scale=math.sqrt(2.0)),
    }


def _backward_mistakes(kind: str, x: np.ndarray, dout: np.ndarray) -> dict[str, Callable]:
    if kind == "silu":
        s = _stable_sigmoid(x)

        def overflowing():
            # The right backward on the NaN that an overflowing sigmoid cached.
            s_bad = np.exp(x) / (1.0 + np.exp(x))
            return dout * s_bad * (1.0 + x * (1.0 - s_bad))

        return {
            "SiLU derivative is the sigmoid alone": lambda: dout * s,
            "SiLU derivative is the sigmoid's derivative": lambda: dout * s * (1.0 - s),
            "SiLU derivative is the sigmoid's derivative#2": lambda: dout * x * s * (1.0 - s),
            "SiLU derivative from exp(-x) overflows": lambda: (
                dout * (1.0 + np.exp(-x) + x * np.exp(-x)) / (1.0 + np.exp(-x)) ** 2
            ),
            IGNORES_DOUT: lambda: s * (1.0 + x * (1.0 - s)),
            SIGMOID_OVERFLOW: overflowing,
        }
    if kind == "tanh":
        t = np.tanh(_u(x))
        wrong_du = "tanh-form derivative with a wrong u'"
        return {
            TANH_ASKED: lambda: dout * _gelu_exact_grad(x),
            NO_PRODUCT: lambda: dout * 0.5 * (1.0 + t),
            wrong_du: lambda: dout * _gelu_tanh_grad(x, C * (1.0 + A * x**2)),
            f"{wrong_du}#2": lambda: dout * _gelu_tanh_grad(x, C),
            f"{wrong_du}#3": lambda: dout * _gelu_tanh_grad(x, 1.0 + 3.0 * A * x**2),
            f"{wrong_du}#4": lambda: dout * _gelu_tanh_grad(x, 1.0),
            IGNORES_DOUT: lambda: _gelu_tanh_grad(x),
        }
    return {
        EXACT_ASKED: lambda: dout * _gelu_tanh_grad(x),
        NO_PRODUCT: lambda: dout * _phi_cdf(x),
        "normal density without 1/sqrt(2 pi)": lambda: dout * (
            _phi_cdf(x) + x * np.exp(-0.5 * x * x)
        ),
        IGNORES_DOUT: lambda: _gelu_exact_grad(x),
    }


# ----------------------------------------------------------------- helpers


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
            base = name.split("#", 1)[0]
            named = ctx.mistakes.get(base, Mistake(base))
            break
    index = "[" + ", ".join(map(str, where)) + "]"
    raise ctx.fail(
        "wrong_answer",
        f"{output} is {got[where]} at {output}{index}, where the exact value is "
        f"{float(expected[where]):.6g} (an overflow in an intermediate result?)",
        mismatch=Mismatch(output, describe(expected), describe(got), index),
        mistake=named,
    )


def _function(kind: str) -> str:
    return "silu" if kind == "silu" else "gelu"


def _args(kind: str, x: np.ndarray) -> tuple:
    """The forward's arguments: x, and the GELU form unless it is left to its default."""
    return (x, kind) if kind in FORMS else (x,)


def _models(kind: str) -> str:
    """The mistake models of a kind: the default GELU form is the exact one."""
    return "none" if kind == "default" else kind


def _show(ctx: Ctx, kind: str, x: np.ndarray, dout=None, layout: str | None = None) -> None:
    shown: dict = {"x": x}
    if kind in FORMS:
        shown["approximate"] = kind
    if dout is not None:
        shown["dout"] = dout
    if layout is not None:
        shown["layout"] = note(layout)
    ctx.show(**shown)


def _label(kind: str, what: str) -> str:
    """The output's name in a failure; the form passed is shown with the inputs."""
    name = f"{_function(kind)}_{what}"
    return f"{name} (approximate omitted)" if kind == "default" else name


def _ref(ctx: Ctx, kind: str, x: np.ndarray):
    return getattr(ctx.ref, f"{_function(kind)}_forward")(*_args(kind, x))


def _check_forward(ctx: Ctx, kind: str, x: np.ndarray, layout: str | None = None) -> None:
    """The user's forward (given x in memory layout `layout`) against the reference's."""
    _show(ctx, kind, x, layout=layout)
    laid = as_layout(x, layout or "C")
    out, _ = ctx.call(f"{_function(kind)}_forward", *_args(kind, laid), unpack=2)
    expected, _ = _ref(ctx, kind, x)
    mistakes = _forward_mistakes(_models(kind), x)
    name = _label(kind, "forward out")
    _expect_finite(ctx, name, out, expected, mistakes)
    # An absolute allowance of 1e-6 on the output's natural scale |x|: an erf
    # approximation accurate to about 1e-6 passes (task.md).
    atol = 1e-6 * float(np.max(np.abs(x)))
    ctx.expect_close(name, out, expected, atol=atol, mistakes=mistakes)


def _check_backward(
    ctx: Ctx, kind: str, x: np.ndarray, dout: np.ndarray, layout: str | None = None
) -> None:
    """The user's backward (x and dout in memory layout `layout`) against the reference's."""
    _show(ctx, kind, x, dout, layout)
    laid = layout or "C"
    fn = _function(kind)
    _, cache = ctx.call(f"{fn}_forward", *_args(kind, as_layout(x, laid)), unpack=2)
    dx = ctx.call(f"{fn}_backward", as_layout(dout, laid), cache)
    _, ref_cache = _ref(ctx, kind, x)
    expected = getattr(ctx.ref, f"{fn}_backward")(dout, ref_cache)
    mistakes = _backward_mistakes(_models(kind), x, dout)
    name = _label(kind, "backward dx")
    _expect_finite(ctx, name, dx, expected, mistakes)
    atol = 1e-6 * float(np.max(np.abs(dout)))  # on dout's scale: the derivatives are O(1)
    ctx.expect_close(name, dx, expected, atol=atol, mistakes=mistakes)


# ----------------------------------------------------------------- forward


@suite.prop("GELU forward, exact: 0.5 x (1 + erf(x / sqrt 2))", max_examples=15, **arrays)
def gelu_exact_forward(ctx: Ctx, shape, seed, scale, layout):
    _check_forward(ctx, "none", _x(seed, shape, scale), layout)


@suite.prop(
    "GELU forward, tanh: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))",
    max_examples=15,
    **arrays,
)
def gelu_tanh_forward(ctx: Ctx, shape, seed, scale, layout):
    _check_forward(ctx, "tanh", _x(seed, shape, scale), layout)


@suite.prop("SiLU forward: x sigmoid(x), finite up to |x| = 1000", max_examples=15, **arrays)
def silu_forward(ctx: Ctx, shape, seed, scale, layout):
    _check_forward(ctx, "silu", _x(seed, shape, scale), layout)


@suite.prop(
    'default: approximate = "none" (exact GELU) when omitted, forward and backward',
    max_examples=8,
    shape=shapes,
    seed=seeds,
)
def gelu_default(ctx: Ctx, shape, seed):
    # Scale 2: most values where the exact and tanh forms differ most (|x| ~ 2.7).
    x = _x(seed, shape, 2.0)
    _check_forward(ctx, "default", x)
    _check_backward(ctx, "default", x, _dout(seed, shape))


# ----------------------------------------------------------------- backward


@suite.prop("GELU backward, exact: dout (Phi(x) + x phi(x))", max_examples=15, **arrays)
def gelu_exact_backward(ctx: Ctx, shape, seed, scale, layout):
    _check_backward(ctx, "none", _x(seed, shape, scale), _dout(seed, shape), layout)


@suite.prop(
    "GELU backward, tanh: dout times the derivative of the tanh formula",
    max_examples=15,
    **arrays,
)
def gelu_tanh_backward(ctx: Ctx, shape, seed, scale, layout):
    _check_backward(ctx, "tanh", _x(seed, shape, scale), _dout(seed, shape), layout)


@suite.prop("SiLU backward: dout s (1 + x (1 - s)), s = sigmoid(x)", max_examples=15, **arrays)
def silu_backward(ctx: Ctx, shape, seed, scale, layout):
    _check_backward(ctx, "silu", _x(seed, shape, scale), _dout(seed, shape), layout)


# ----------------------------------------------------------------- gradient check


@suite.prop(
    "gradient check: each backward is the derivative of your forward",
    max_examples=8,
    shape=st.lists(st.integers(1, 4), min_size=1, max_size=2).map(tuple),
    seed=seeds,
)
def gradient_check(ctx: Ctx, shape, seed):
    x = np.random.default_rng(seed).uniform(-3.0, 3.0, shape)
    dout = _dout(seed + 1, shape)
    for kind in ("none", "tanh", "silu"):
        _show(ctx, kind, x, dout)
        fn = _function(kind)
        _, cache = ctx.call(f"{fn}_forward", *_args(kind, x), unpack=2)
        dx = ctx.call(f"{fn}_backward", dout, cache)

        def loss(v, kind=kind, fn=fn):
            out, _ = ctx.call(f"{fn}_forward", *_args(kind, v), unpack=2)
            return float(np.sum(np.asarray(out) * dout))

        mistakes = _backward_mistakes(kind, x, dout)
        ctx.grad_check(_label(kind, "backward dx"), loss, x, dx, mistakes=mistakes)


@suite.prop(
    f"{TITLE} (GELU exact and tanh, SiLU)",
    max_examples=5,
    first=shapes,
    second=shapes,
    other_shape=st.booleans(),
    seed=seeds,
    forms=st.sampled_from([("none", "tanh"), ("tanh", "none")]),
)
def own_cache(ctx: Ctx, first, second, other_shape, seed, forms):
    shape = (first, second if other_shape else first)
    xs = [_x(seed + 3 * k, shape[k], 2.0) for k in range(2)]
    douts = [_dout(seed + 3 * k, shape[k]) for k in range(2)]
    atols = lambda k: (1e-6 * float(np.max(np.abs(douts[k]))),)  # noqa: E731
    show_calls(
        ctx,
        [{"x": xs[k], "approximate": forms[k], "dout": douts[k]} for k in range(2)],
    )
    check_own_cache(
        ctx,
        "gelu_forward",
        "gelu_backward",
        [((xs[k], forms[k]), douts[k]) for k in range(2)],
        ("gelu_backward dx",),
        atols=atols,
    )
    show_calls(ctx, [{"x": xs[k], "dout": douts[k]} for k in range(2)])
    check_own_cache(
        ctx,
        "silu_forward",
        "silu_backward",
        [((xs[k],), douts[k]) for k in range(2)],
        ("silu_backward dx",),
        atols=atols,
    )


# ----------------------------------------------------------------- invariants and edge cases


@suite.prop(
    "f(x) - f(-x) = x for GELU (both forms) and SiLU: x times a gate g with g(x) + g(-x) = 1",
    max_examples=8,
    shape=shapes,
    seed=seeds,
    scale=st.sampled_from([1.0, 3.0, 0.1]),
)
def odd_part(ctx: Ctx, shape, seed, scale):
    x = _x(seed, shape, scale)
    for kind in ("none", "tanh", "silu"):
        _show(ctx, kind, x)
        fn = _function(kind)
        out, _ = ctx.call(f"{fn}_forward", *_args(kind, x), unpack=2)
        ctx.expect_array(_label(kind, "forward out"), out, x)
        mirrored, _ = ctx.call(f"{fn}_forward", *_args(kind, -x), unpack=2)
        ctx.expect_array(_label(kind, "forward out"), mirrored, x)
        ctx.expect_close(
            f"{_label(kind, 'forward out')} at x minus at -x",
            out - mirrored,
            x,
            atol=1e-6 * float(np.max(np.abs(x))),
            what="is not x",
            mistakes={NO_HALF: lambda: 2.0 * x} if kind in FORMS else {},
        )


@suite.prop("values and gradients at x = +-1000, +-750, +-40, +-10 and 0: finite and exact")
def extremes(ctx: Ctx):
    x = EXTREMES.copy()
    dout = np.ones_like(x)
    for kind in ("none", "tanh", "silu"):
        _check_forward(ctx, kind, x)
        _check_backward(ctx, kind, x, dout)


# ----------------------------------------------------------------- speed


@suite.speed("gelu_forward", size='x of shape (256, 1024), approximate="tanh"')
def _speed(impl, rng: np.random.Generator):
    x = rng.standard_normal((256, 1024)) * 3
    return lambda: impl.gelu_forward(x, "tanh")
