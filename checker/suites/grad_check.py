"""Hidden suite for the grad_check drill: centred differences and relative error.

The functions handed to the user's numerical_gradient record every array they are
called with, so the suite can see how x was perturbed and whether it was restored.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from hypothesis import strategies as st

from checker.report import Mistake
from checker.suitekit import SCALES, Ctx, Suite, as_layout, describe, layouts, seeds
from checker.suites._layouts import note

suite = Suite()

shapes = st.lists(st.integers(1, 3), min_size=1, max_size=3).map(tuple)
steps = st.sampled_from([1e-5, 1e-4, 1e-3])
# Unit scale first, so a failing example shrinks to one that is easy to read.
scales = st.sampled_from(sorted(SCALES, key=lambda s: abs(np.log10(s))))


def _named(ctx: Ctx, name: str) -> Mistake:
    return ctx.mistakes.get(name, Mistake(name))


class Recorder:
    """A scalar function of an array that keeps a copy of every argument it gets."""

    def __init__(self, fn: Callable[[np.ndarray], float], shape: tuple[int, ...]) -> None:
        self.fn = fn
        self.shape = shape
        self.calls: list[np.ndarray] = []

    def __call__(self, value) -> float:
        arr = np.array(value, dtype=np.float64, copy=True)
        if arr.shape != self.shape:
            raise ValueError(
                f"f was called with an array of shape {arr.shape}, but x has shape {self.shape}"
            )
        self.calls.append(arr)
        return float(self.fn(arr))


def _quadratic(seed: int, shape: tuple[int, ...]):
    """f(v) = 1/2 v.A v + b.v with A symmetric, strongly curved and coupling all elements.

    Centred differences are exact on a quadratic (up to rounding), so the gradient A v + b
    is the expected answer; a one-sided difference is off by h * A_ii / 2.
    """
    rng = np.random.default_rng(seed)
    n = int(np.prod(shape))
    coupling = rng.standard_normal((n, n)) * 5.0
    a = np.diag(rng.uniform(50.0, 200.0, n)) + (coupling + coupling.T) / 2
    b = rng.standard_normal(n)

    def f(v: np.ndarray) -> float:
        flat = v.reshape(-1)
        return 0.5 * flat @ a @ flat + b @ flat

    def grad(v: np.ndarray) -> np.ndarray:
        return (a @ v.reshape(-1) + b).reshape(shape)

    return f, grad


def _wiggly(seed: int, shape: tuple[int, ...], k: float = 1.0):
    """A smooth non-polynomial f whose elements interact: sines plus a squared sum."""
    rng = np.random.default_rng(seed)
    w = rng.standard_normal(shape)
    u = rng.standard_normal(shape)

    def f(v: np.ndarray) -> float:
        return float(np.sum(w * np.sin(k * v)) + 0.5 * np.sum(u * v) ** 2)

    return f


# ----------------------------------------------------------------- models of known mistakes


def _perturbed(x: np.ndarray, idx, delta: float) -> np.ndarray:
    y = x.copy()
    y[idx] = x[idx] + delta
    return y


def _one_sided(f, x, h):
    g = np.zeros(x.shape)
    base = f(x)
    for idx in np.ndindex(x.shape):
        g[idx] = (f(_perturbed(x, idx, h)) - base) / h
    return g


def _not_restored(f, x, h):
    # Each element is left at x - h after its turn, so later ones see a shifted x.
    y, g = x.copy(), np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        old = y[idx]
        y[idx] = old + h
        plus = f(y.copy())
        y[idx] = old - h
        g[idx] = (plus - f(y.copy())) / (2 * h)
    return g


def _all_at_once(f, x, h):
    return np.full(x.shape, (f(x + h) - f(x - h)) / (2 * h))


def _by_rows(f, x, h):
    # `for i in range(len(x))` on a matrix perturbs a whole row at a time.
    g = np.zeros(x.shape)
    for i in range(x.shape[0]):
        plus, minus = x.copy(), x.copy()
        plus[i] += h
        minus[i] -= h
        g[i] = (f(plus) - f(minus)) / (2 * h)
    return g


def _gradient_mistakes(f, x, h, expected):
    mistakes = {
        "divides by h instead of 2h": lambda: 2 * expected,
        "one-sided difference": lambda: _one_sided(f, x, h),
    }
    if not x.flags.c_contiguous:
        # x.reshape(-1) / x.ravel() is a copy here (a view on a C-contiguous x), so
        # writing the step into it leaves x, and so f, unchanged: zeros. On a
        # C-contiguous x the same zeros come from aliased perturbed copies.
        mistakes["perturbs a copy of x"] = lambda: np.zeros(x.shape)
    if x.ndim >= 2:
        # Before "all at once": with a single row the two coincide, and on a matrix
        # the row-wise loop is the likelier cause.
        mistakes["only works for 1-D x"] = lambda: _by_rows(f, x, h)
    mistakes.update(
        {
            "all elements perturbed at once": lambda: _all_at_once(f, x, h),
            "perturbed copies alias x": lambda: np.zeros(x.shape),
            "x not restored": lambda: _not_restored(f, x, h),
            "grad returned flattened": lambda: expected.reshape(-1),
        }
    )
    return mistakes


def _call_gradient(ctx: Ctx, f, x: np.ndarray, h: float | None):
    args = (f, x) if h is None else (f, x, h)
    original = x.copy()
    # x may be changed while the function runs; it is checked by hand below, with a
    # tolerance for the rounding left by `x[i] += h; ...; x[i] -= h`.
    grad = ctx.call("numerical_gradient", *args, may_modify=(1,))
    drift = np.abs(x - original)
    allowed = 1e-9 * (h or 1e-5) + 1e-12 * np.abs(original)
    if np.any(drift > allowed):
        worst = tuple(int(i) for i in np.unravel_index(int(np.argmax(drift - allowed)), x.shape))
        raise ctx.fail(
            "wrong_answer",
            f"x is not restored when numerical_gradient returns: x{list(worst)} was "
            f"{original[worst]:.8g} and is now {x[worst]:.8g}",
            mistake=_named(ctx, "x not restored"),
        )
    return grad


# ----------------------------------------------------------------- numerical_gradient


@suite.prop(
    "numerical_gradient is exact on a quadratic (centred differences)",
    max_examples=15,
    shape=shapes,
    seed=seeds,
    scale=scales,
    h=steps,
    layout=layouts,
)
def quadratic_exact(ctx: Ctx, shape, seed, scale, h, layout):
    f, grad_of = _quadratic(seed, shape)
    x = as_layout(np.random.default_rng(seed + 1).standard_normal(shape) * scale, layout)
    ctx.show(f="1/2 v.A v + b.v (A symmetric, diagonal 50..200)", x=x, x_layout=note(x), h=h)
    got = _call_gradient(ctx, Recorder(f, shape), x, h)
    expected = grad_of(x)
    ctx.expect_close(
        "grad",
        got,
        expected,
        rtol=1e-6,
        atol=1e-6 * float(np.max(np.abs(expected))),
        mistakes=_gradient_mistakes(f, x, h, expected),
    )


@suite.prop(
    "numerical_gradient matches centred differences on a non-polynomial f of any shape",
    max_examples=15,
    shape=shapes,
    seed=seeds,
    scale=scales,
    h=steps,
    layout=layouts,
)
def general_f(ctx: Ctx, shape, seed, scale, h, layout):
    f = _wiggly(seed, shape)
    x = as_layout(np.random.default_rng(seed + 2).standard_normal(shape) * min(scale, 10.0), layout)
    ctx.show(f="sum(w * sin(v)) + (sum(u * v))^2 / 2", x=x, x_layout=note(x), h=h)
    got = _call_gradient(ctx, Recorder(f, shape), x, h)
    expected = ctx.ref.numerical_gradient(f, x.copy(), h)
    ctx.expect_close(
        "grad",
        got,
        expected,
        rtol=1e-7,
        atol=1e-7 * float(np.max(np.abs(expected))),
        mistakes=_gradient_mistakes(f, x, h, expected),
    )


@suite.prop(
    "default h is 1e-5",
    max_examples=6,
    shape=st.lists(st.integers(1, 3), min_size=1, max_size=2).map(tuple),
    seed=seeds,
)
def default_step(ctx: Ctx, shape, seed):
    # With sin(300 v) the centred difference's h^2 error is about (300 h)^2 / 6, which
    # tells h = 1e-5 apart from 1e-4 or 1e-6 at the tolerance used here.
    f = _wiggly(seed, shape, k=300.0)
    x = np.random.default_rng(seed + 3).uniform(-1.0, 1.0, shape)
    ctx.show(f="sum(w * sin(300 v)) + (sum(u * v))^2 / 2", x=x, h="(omitted)")
    got = _call_gradient(ctx, Recorder(f, shape), x, None)
    expected = ctx.ref.numerical_gradient(f, x.copy())
    ctx.expect_close(
        "grad",
        got,
        expected,
        rtol=1e-8,
        atol=1e-8 * float(np.max(np.abs(expected))),
        mistakes=_gradient_mistakes(f, x, 1e-5, expected),
        what="does not match centred differences with the default h = 1e-5",
    )


@suite.prop(
    "f always sees x with exactly one element moved by +h or -h, and every element is probed",
    max_examples=10,
    shape=shapes,
    seed=seeds,
    h=steps,
    layout=layouts,
)
def perturbations(ctx: Ctx, shape, seed, h, layout):
    f, _ = _quadratic(seed, shape)
    x = as_layout(np.random.default_rng(seed + 4).standard_normal(shape), layout)
    original = x.copy()
    recorder = Recorder(f, shape)
    ctx.show(x=x, x_layout=note(x), h=h)
    _call_gradient(ctx, recorder, x, h)
    tol = 1e-6 * h
    seen: set[tuple[tuple[int, ...], int]] = set()
    for n, arg in enumerate(recorder.calls, start=1):
        delta = arg - original
        moved = np.argwhere(np.abs(delta) > tol)
        if len(moved) > 1:
            at_once = len(moved) == x.size and np.allclose(delta, delta.flat[0], rtol=1e-6)
            name = "all elements perturbed at once" if at_once else "x not restored"
            where = ", ".join(str(list(i)) for i in moved[:4]) + (" ..." if len(moved) > 4 else "")
            raise ctx.fail(
                "wrong_answer",
                f"call #{n} of f saw {len(moved)} elements of x away from their values "
                f"(at {where}); each evaluation must move exactly one element by +h or -h "
                "and leave the others as they were",
                mistake=_named(ctx, name),
            )
        if len(moved) == 1:
            idx = tuple(int(i) for i in moved[0])
            step = float(delta[idx])
            if abs(abs(step) - h) > 1e-6 * h + 1e-12 * abs(original[idx]):
                raise ctx.fail(
                    "wrong_answer",
                    f"call #{n} of f moved x{list(idx)} by {step:.6g}, not by +h or -h (h = {h:g})",
                )
            seen.add((idx, 1 if step > 0 else -1))
    if recorder.calls and not seen:
        aliased = "perturbed copies alias x" if x.flags.c_contiguous else "perturbs a copy of x"
        raise ctx.fail(
            "wrong_answer",
            f"f was called {len(recorder.calls)} times but always saw x unchanged: the step "
            "never reached the array f was given",
            mistake=_named(ctx, aliased),
        )
    for idx in np.ndindex(shape):
        for sign, label in ((1, "+"), (-1, "-")):
            ctx.expect(
                (idx, sign) in seen,
                f"f was never called with x{list(idx)} {label} h (centred differences need "
                "both sides of every element)",
                mistake=_named(ctx, "one-sided difference"),
            )


@suite.prop(
    "grad has x's shape and dtype float64 (including matrices and 3-D arrays)",
    max_examples=6,
    shape=st.lists(st.integers(1, 3), min_size=2, max_size=3).map(tuple),
    seed=seeds,
)
def gradient_shape(ctx: Ctx, shape, seed):
    f = _wiggly(seed, shape)
    x = np.random.default_rng(seed + 5).standard_normal(shape)
    ctx.show(x=x)
    got = _call_gradient(ctx, Recorder(f, shape), x, 1e-5)
    ctx.expect_array("grad", got, x)


# ----------------------------------------------------------------- relative_error


def _rel_mistakes(a, b):
    na, nb, nd = np.linalg.norm(a), np.linalg.norm(b), np.linalg.norm(a - b)
    mistakes = {
        "relative error without the denominator": lambda: nd,
        "one norm in the denominator": lambda: nd / na,
        "element-wise relative error": lambda: np.max(
            np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))
        ),
        "squared norms": lambda: nd**2 / (na**2 + nb**2),
        "norm of the sum in the denominator": lambda: nd / np.linalg.norm(a + b),
    }
    if a.ndim == 2:
        mistakes["matrix 2-norm instead of the Euclidean norm"] = lambda: (
            np.linalg.norm(a - b, 2) / (np.linalg.norm(a, 2) + np.linalg.norm(b, 2))
        )
    return mistakes


@suite.prop(
    "relative_error is ||a - b|| / (||a|| + ||b||) with Euclidean norms over all elements",
    max_examples=15,
    shape=shapes,
    seed=seeds,
    scale=scales,
    gap=st.sampled_from([1e-8, 1e-4, 1e-1, 1.0, 10.0]),
    layout=layouts,
)
def relative_values(ctx: Ctx, shape, seed, scale, gap, layout):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal(shape) * scale
    b = a + rng.standard_normal(shape) * scale * gap
    a, b = as_layout(a, layout), as_layout(b, layout)
    ctx.show(a=a, b=b, layout=note(a))
    got = ctx.call("relative_error", a, b)
    expected = ctx.ref.relative_error(a, b)
    ctx.expect_close(
        "relative_error(a, b)", got, np.float64(expected), rtol=1e-7, mistakes=_rel_mistakes(a, b)
    )


@suite.prop(
    "relative_error of two all-zero arrays is 0, and of zero against non-zero is 1",
    max_examples=5,
    shape=shapes,
    seed=seeds,
)
def relative_zeros(ctx: Ctx, shape, seed):
    zeros = np.zeros(shape)
    ctx.show(a=zeros, b=zeros.copy())
    got = ctx.call("relative_error", zeros, zeros.copy())
    ok = isinstance(got, float | np.floating | np.ndarray) and np.size(got) == 1
    ctx.expect(
        ok and float(np.asarray(got)) == 0.0,
        f"relative_error of two all-zero arrays should be 0.0, got {describe(got)} "
        "(guard the 0 / 0)",
        mistake=_named(ctx, "0 / 0 when both are zero"),
    )
    b = np.random.default_rng(seed).standard_normal(shape)
    ctx.show(a=zeros, b=b)
    got = ctx.call("relative_error", zeros, b)
    ctx.expect_close(
        "relative_error(zeros, b)",
        got,
        np.float64(1.0),
        rtol=1e-9,
        mistakes=_rel_mistakes(zeros, b),
    )
