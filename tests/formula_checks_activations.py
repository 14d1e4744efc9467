"""Formula checks for activations, softmax and initialisation: GELU (exact and tanh
form), SiLU and softplus with their derivatives; the softmax Jacobian and its
vector-Jacobian product; binary cross-entropy with logits; the second moment after a
ReLU and He initialisation in deep ReLU stacks.

Each check compares a cheatsheet block's function with an independent reference
written here by a different route:

- every forward function is evaluated per element in 80-digit `decimal` arithmetic
  with an unbounded exponent range, so nothing overflows or cancels: the normal CDF
  by its Taylor series (not erf), the sigmoid as 1/(1 + e^-x), softplus and the
  binary cross-entropy as logarithms of 1 + e^(+-x) with a log1p series for tiny
  arguments;
- every derivative, Jacobian and gradient is a central difference of those
  references, still in 80 digits (step 1e-25), so it is exact to float precision;
- the ReLU second moment is a Monte Carlo average over four symmetric
  distributions; He initialisation is a simulated 24-layer ReLU stack, forward
  (mode fan_in) and backward (mode fan_out).

The checks call the block functions under np.errstate(over, divide, invalid =
'raise'): an implementation that overflows at |x| = 1000 fails with an
AssertionError naming the input. WRONG lists the conventions a candidate plausibly
writes that each check must reject. Loaded by tests/test_cheatsheets.py.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import MAX_EMAX, MIN_EMIN, Decimal, localcontext

import numpy as np

DIGITS = 80
STEP = Decimal("1e-25")  # central-difference step: error ~1e-50, rounding ~1e-55
PI = Decimal("3.14159265358979323846264338327950288419716939937510582097494459230781640628620899")
assert abs(float(PI) - math.pi) < 1e-15

DecFn = Callable[[Decimal], Decimal]


@contextmanager
def _precise() -> Iterator[None]:
    """80 significant digits and an exponent range wide enough for e^(+-1e8)."""
    with localcontext() as ctx:
        ctx.prec = DIGITS
        ctx.Emax = MAX_EMAX
        ctx.Emin = MIN_EMIN
        yield


def _elementwise(f: DecFn, x: np.ndarray) -> np.ndarray:
    with _precise():
        return np.array([float(f(Decimal(float(v)))) for v in np.ravel(x)]).reshape(np.shape(x))


def _derivative(f: DecFn, x: np.ndarray) -> np.ndarray:
    """Central difference of a Decimal function, element by element."""

    def slope(v: Decimal) -> Decimal:
        return (f(v + STEP) - f(v - STEP)) / (2 * STEP)

    return _elementwise(slope, x)


def _call(fn: Callable, *args: object, label: str) -> object:
    """Run a block function with floating-point overflow and nan turned into errors."""
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        try:
            return fn(*args)
        except FloatingPointError as exc:
            raise AssertionError(f"{label}: numpy raised '{exc}': not overflow-free") from exc


def _compare(got: object, want: np.ndarray, label: str, rtol: float, atol: float) -> None:
    got = np.asarray(got, dtype=float)
    assert got.shape == want.shape, f"{label}: shape {got.shape}, expected {want.shape}"
    assert np.all(np.isfinite(got)), f"{label}: non-finite values {got[~np.isfinite(got)]}"
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol, err_msg=label)


# --- Decimal building blocks --------------------------------------------------------------


def _exp(v: Decimal) -> Decimal:
    return v.exp()


def _log1p(u: Decimal) -> Decimal:
    """log(1 + u) for u >= 0; a series where 1 + u would round away the u."""
    if u > Decimal("1e-8"):
        return (1 + u).ln()
    total, term, k = Decimal(0), u, 1
    while term != 0 and abs(term) > abs(total) * Decimal(10) ** -(DIGITS + 2):
        total += term / k
        k += 1
        term *= -u
    return total


def _sigmoid(v: Decimal) -> Decimal:
    return 1 / (1 + _exp(-v))


def _normal_cdf(x: Decimal) -> Decimal:
    """Phi(x) = 1/2 + phi(x) * sum_n x^(2n+1) / (1*3*...*(2n+1)), for |x| <= 15.
    Beyond, Phi is within 1e-50 of 0 or 1."""
    if x > 15:
        return Decimal(1)
    if x < -15:
        return Decimal(0)
    density = _exp(-x * x / 2) / (2 * PI).sqrt()
    total, term, n = Decimal(0), x, 0
    while term != 0 and abs(term) > Decimal(10) ** -(DIGITS + 5):
        total += term
        n += 1
        term = term * x * x / (2 * n + 1)
    return Decimal("0.5") + density * total


def _gelu_exact(x: Decimal) -> Decimal:
    return x * _normal_cdf(x)


def _gelu_tanh(x: Decimal) -> Decimal:
    # 0.5 x (1 + tanh u) written as x * sigmoid(2u): tanh never appears
    u = (2 / PI).sqrt() * (x + Decimal("0.044715") * x**3)
    return x * _sigmoid(2 * u)


def _silu(x: Decimal) -> Decimal:
    return x * _sigmoid(x)


def _softplus(x: Decimal) -> Decimal:
    return _log1p(_exp(x))


# --- activation checks --------------------------------------------------------------------


def _activation_inputs(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    edges = [0.0, 1e-8, -1e-8, 0.5, -0.5, 10.0, -10.0, 30.0, -30.0, 700.0, -700.0, 1000.0]
    return np.concatenate(
        [
            np.linspace(-6.0, 6.0, 49),
            3.0 * rng.standard_normal(24),
            rng.uniform(-40.0, 40.0, 8),
            np.array([*edges, -1000.0]),
        ]
    )


def _check_elementwise(
    fn: Callable, reference: DecFn, name: str, seed: int, rtol: float, atol: float,
    derivative: bool = False,
) -> None:  # fmt: skip
    x = _activation_inputs(seed)
    want = _derivative(reference, x) if derivative else _elementwise(reference, x)
    got = np.asarray(_call(fn, x.copy(), label=f"{name}(x)"), dtype=float)
    assert got.shape == x.shape, f"{name}: shape {got.shape} for input {x.shape}"
    wrong = ~np.isclose(got, want, rtol=rtol, atol=atol)  # nan counts as wrong
    if wrong.any():
        i = int(np.argmax(np.where(wrong, np.abs(got - want), -1.0)))
        raise AssertionError(
            f"{name}: {int(wrong.sum())} of {x.size} values off (rtol {rtol}, atol "
            f"{atol}); worst at x = {float(x[i])!r}: got {float(got[i])!r}, expected "
            f"{float(want[i])!r}"
        )
    for v, w in zip(x[-13:], want[-13:], strict=True):  # one at a time, as 1-element arrays
        one = _call(fn, np.array([v]), label=f"{name}([{v}])")
        _compare(one, np.array([w]), f"{name} at x = {v}", rtol, atol)


def _check_gelu(fn: Callable) -> None:
    _check_elementwise(fn, _gelu_exact, "exact GELU", 101, rtol=1e-10, atol=1e-13)


def _check_gelu_grad(fn: Callable) -> None:
    _check_elementwise(
        fn, _gelu_exact, "exact GELU derivative", 102, rtol=1e-9, atol=1e-12, derivative=True
    )


def _check_gelu_tanh(fn: Callable) -> None:
    _check_elementwise(fn, _gelu_tanh, "tanh-form GELU", 103, rtol=1e-10, atol=1e-13)


def _check_gelu_tanh_grad(fn: Callable) -> None:
    _check_elementwise(
        fn, _gelu_tanh, "tanh-form GELU derivative", 104, rtol=1e-9, atol=1e-12,
        derivative=True,
    )  # fmt: skip


def _check_silu(fn: Callable) -> None:
    _check_elementwise(fn, _silu, "SiLU", 105, rtol=1e-10, atol=1e-13)


def _check_silu_grad(fn: Callable) -> None:
    _check_elementwise(fn, _silu, "SiLU derivative", 106, rtol=1e-9, atol=1e-12, derivative=True)


def _check_softplus(fn: Callable) -> None:
    # relative accuracy in the negative tail too (softplus(-30) = 9.4e-14): log1p matters
    _check_elementwise(fn, _softplus, "softplus", 107, rtol=1e-11, atol=1e-300)


def _check_softplus_grad(fn: Callable) -> None:
    _check_elementwise(
        fn, _softplus, "softplus derivative", 108, rtol=1e-9, atol=1e-13, derivative=True
    )


def _np_erf(x: np.ndarray) -> np.ndarray:
    return np.vectorize(math.erf, otypes=[float])(x)


def _np_sigmoid(x: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _gelu_erf_of_x(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _np_erf(x))  # erf(x), not erf(x / sqrt 2)


def _gelu_sigmoid_approx(x: np.ndarray) -> np.ndarray:
    return x * _np_sigmoid(1.702 * x)  # the paper's cruder approximation, not exact


def _gelu_tanh_for_exact(x: np.ndarray) -> np.ndarray:
    u = np.sqrt(2.0 / np.pi) * (x + 0.044715 * x**3)
    return 0.5 * x * (1.0 + np.tanh(u))  # the approximation where exact is promised


def _gelu_grad_cdf_only(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + _np_erf(x / np.sqrt(2.0)))  # Phi(x): drops x * phi(x)


def _gelu_grad_no_x(x: np.ndarray) -> np.ndarray:
    phi = np.exp(-0.5 * x**2) / np.sqrt(2.0 * np.pi)
    return 0.5 * (1.0 + _np_erf(x / np.sqrt(2.0))) + phi  # Phi + phi, x forgotten


def _gelu_tanh_sqrt_pi_over_2(x: np.ndarray) -> np.ndarray:
    u = np.sqrt(np.pi / 2.0) * (x + 0.044715 * x**3)
    return 0.5 * x * (1.0 + np.tanh(u))


def _gelu_tanh_gate_only(x: np.ndarray) -> np.ndarray:
    u = np.sqrt(2.0 / np.pi) * (x + 0.044715 * x**3)
    return 0.5 * (1.0 + np.tanh(u))  # the gate, without multiplying by x


def _gelu_tanh_grad_no_chain(x: np.ndarray) -> np.ndarray:
    c = np.sqrt(2.0 / np.pi)
    t = np.tanh(c * (x + 0.044715 * x**3))
    return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t**2) * c  # inner derivative 1 + 3a x^2 lost


def _gelu_tanh_grad_exact_formula(x: np.ndarray) -> np.ndarray:
    phi = np.exp(-0.5 * x**2) / np.sqrt(2.0 * np.pi)
    return 0.5 * (1.0 + _np_erf(x / np.sqrt(2.0))) + x * phi  # exact GELU's derivative


def _silu_naive(x: np.ndarray) -> np.ndarray:
    return x / (1.0 + np.exp(-x))  # exp(1000) overflows at x = -1000


def _silu_gelu_constant(x: np.ndarray) -> np.ndarray:
    return x * _np_sigmoid(1.702 * x)  # confuses SiLU with GELU's sigmoid approximation


def _silu_grad_sigmoid_grad(x: np.ndarray) -> np.ndarray:
    s = _np_sigmoid(x)
    return s * (1.0 - s)  # the sigmoid's derivative, not SiLU's


def _silu_grad_wrong_factor(x: np.ndarray) -> np.ndarray:
    s = _np_sigmoid(x)
    return s * (1.0 + x * s)  # sigma(1 + x sigma) instead of sigma(1 + x(1 - sigma))


def _softplus_naive(x: np.ndarray) -> np.ndarray:
    return np.log(1.0 + np.exp(x))  # exp(1000) overflows


def _softplus_no_log1p(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0) + np.log(1.0 + np.exp(-np.abs(x)))  # loses tiny values


def _softplus_grad_naive(x: np.ndarray) -> np.ndarray:
    e = np.exp(x)
    return e / (1.0 + e)  # inf / inf at x = 1000


def _softplus_grad_sign(x: np.ndarray) -> np.ndarray:
    return _np_sigmoid(-x)  # sigma(-x): the derivative of softplus(-x) up to sign


# --- softmax Jacobian and its vector-Jacobian product --------------------------------------


def _softmax_dec(z: list[Decimal]) -> list[Decimal]:
    exps = [_exp(v) for v in z]
    total = sum(exps, Decimal(0))
    return [e / total for e in exps]


def _reference_jacobian(z: np.ndarray) -> np.ndarray:
    """J[i, j] = dp_i/dz_j by central differences of softmax, one column per j."""
    c = z.shape[0]
    jac = np.zeros((c, c))
    with _precise():
        base = [Decimal(float(v)) for v in z]
        for j in range(c):
            up, down = list(base), list(base)
            up[j] += STEP
            down[j] -= STEP
            column = [
                (a - b) / (2 * STEP)
                for a, b in zip(_softmax_dec(up), _softmax_dec(down), strict=True)
            ]
            jac[:, j] = [float(v) for v in column]
    return jac


def _reference_softmax(z: np.ndarray) -> np.ndarray:
    with _precise():
        rows = [_softmax_dec([Decimal(float(v)) for v in row]) for row in np.atleast_2d(z)]
        return np.array([[float(v) for v in row] for row in rows]).reshape(z.shape)


def _score_rows(seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    rows = [rng.normal(scale=s, size=c) for c, s in [(1, 1.0), (2, 1.0), (3, 2.0), (5, 3.0),
                                                    (10, 1.0), (7, 10.0)]]  # fmt: skip
    rows += [
        np.zeros(4),
        np.array([1000.0, 999.0, -1000.0]),
        np.array([-1000.0, -1001.0, -1000.5, -999.0]),
        np.array([30.0, 0.0, -30.0, 2.0]),
    ]
    return rows


def _check_softmax_jacobian(fn: Callable) -> None:
    for z in _score_rows(201):
        want = _reference_jacobian(z)
        got = _call(fn, z.copy(), label=f"softmax_jacobian({z.tolist()})")
        _compare(got, want, f"softmax Jacobian dp_i/dz_j at z = {z.tolist()}", 1e-9, 1e-13)


def _check_softmax_vjp(fn: Callable) -> None:
    rng = np.random.default_rng(202)
    for n, c, scale in [(1, 1, 1.0), (2, 3, 1.0), (4, 5, 3.0), (3, 10, 0.5), (6, 2, 20.0)]:
        z = rng.normal(scale=scale, size=(n, c))
        z[0, 0] += 500.0 if n > 1 else 0.0  # rows at different offsets
        dp = rng.normal(size=(n, c)) + rng.normal(size=(n, 1)) * 3
        p = _reference_softmax(z)
        want = np.stack([_reference_jacobian(z[i]).T @ dp[i] for i in range(n)])
        got = _call(fn, dp.copy(), p.copy(), label=f"softmax_backward, N={n}, C={c}")
        _compare(got, want, f"softmax vector-Jacobian product, N={n}, C={c}", 1e-9, 1e-12)


def _rows_softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _jacobian_diagonal_only(z: np.ndarray) -> np.ndarray:
    p = _rows_softmax(z)
    return np.diag(p * (1.0 - p))  # p(1 - p) per element, as if softmax were a sigmoid


def _jacobian_sign_flipped(z: np.ndarray) -> np.ndarray:
    p = _rows_softmax(z)
    return np.outer(p, p) - np.diag(p)


def _vjp_elementwise(dp: np.ndarray, p: np.ndarray) -> np.ndarray:
    return dp * p * (1.0 - p)


def _vjp_sign_flipped(dp: np.ndarray, p: np.ndarray) -> np.ndarray:
    return p * ((dp * p).sum(axis=-1, keepdims=True) - dp)


def _vjp_batch_sum(dp: np.ndarray, p: np.ndarray) -> np.ndarray:
    return p * (dp - (dp * p).sum())  # one dot product over the whole batch


# --- binary cross-entropy with logits -------------------------------------------------------


def _bce_element(z: Decimal, y: Decimal) -> Decimal:
    # -log sigma(z) = log(1 + e^-z),  -log(1 - sigma(z)) = log(1 + e^z)
    return y * _log1p(_exp(-z)) + (1 - y) * _log1p(_exp(z))


def _reference_bce(z: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    n = z.shape[0]
    with _precise():
        zs = [Decimal(float(v)) for v in z]
        ys = [Decimal(float(v)) for v in y]
        loss = sum((_bce_element(a, b) for a, b in zip(zs, ys, strict=True)), Decimal(0)) / n
        grad = [
            (_bce_element(a + STEP, b) - _bce_element(a - STEP, b)) / (2 * STEP) / n
            for a, b in zip(zs, ys, strict=True)
        ]
        return float(loss), np.array([float(g) for g in grad])


def _check_bce_logits(fn: Callable) -> None:
    rng = np.random.default_rng(301)
    cases: list[tuple[np.ndarray, np.ndarray]] = []
    for n in (1, 4, 9, 40):
        z = rng.normal(scale=4.0, size=n)
        cases.append((z, rng.integers(0, 2, size=n).astype(float)))  # hard labels
        cases.append((z, rng.uniform(0.0, 1.0, size=n)))  # soft labels
    z = np.array([1000.0, -1000.0, 1000.0, -1000.0, 40.0, -40.0, 0.0, 700.0, -700.0])
    cases.append((z, np.array([1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.25, 0.75])))
    for z, y in cases:
        label = f"bce_with_logits(z={z.tolist()}, y={y.tolist()})"
        want_loss, want_grad = _reference_bce(z, y)
        result = _call(fn, z.copy(), y.copy(), label=label)
        assert isinstance(result, tuple) and len(result) == 2, f"{label}: return (loss, dz)"
        loss, grad = result
        _compare(np.asarray(loss), np.asarray(want_loss), f"{label}: mean loss", 1e-12, 1e-15)
        _compare(grad, want_grad, f"{label}: dz = (sigmoid(z) - y) / N", 1e-10, 1e-15)


def _bce_naive(z: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    s = _np_sigmoid(z)  # even a stable sigmoid rounds to 0 or 1 at |z| = 1000
    loss = -(y * np.log(s) + (1 - y) * np.log(1 - s))
    return float(loss.mean()), (s - y) / z.shape[0]


def _bce_grad_summed(z: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    loss = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
    return float(loss.mean()), _np_sigmoid(z) - y  # the gradient of the sum


def _bce_grad_sign(z: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    loss = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
    return float(loss.mean()), (y - _np_sigmoid(z)) / z.shape[0]


# --- the second moment after a ReLU ----------------------------------------------------------


def _symmetric_samples(rng: np.random.Generator, var: float, n: int) -> dict[str, np.ndarray]:
    """Zero-mean, symmetric distributions with variance var."""
    return {
        "normal": rng.normal(0.0, math.sqrt(var), n),
        "uniform": rng.uniform(-math.sqrt(3 * var), math.sqrt(3 * var), n),
        "laplace": rng.laplace(0.0, math.sqrt(var / 2), n),
        "two-point": rng.choice([-1.0, 1.0], n) * math.sqrt(var),
    }


def _check_relu_second_moment(fn: Callable) -> None:
    # Tolerance: 5 Monte Carlo standard errors (computed from the samples) of the mean
    # of max(y, 0)^2; with 400,000 samples that is under 1.5% of the value for every
    # distribution here, while the plausible mistakes are off by 32% (Var instead of
    # E[x^2]) or 100% (no halving). The seed is fixed, so the check is deterministic.
    rng = np.random.default_rng(401)
    n = 400_000
    for var in (0.25, 1.0, 2.0, 9.0):
        got = float(_call(fn, var, label=f"relu_second_moment({var})"))
        for name, y in _symmetric_samples(rng, var, n).items():
            squares = np.maximum(y, 0.0) ** 2
            estimate = squares.mean()
            stderr = squares.std() / math.sqrt(n)
            assert abs(got - estimate) <= 5 * stderr, (
                f"relu_second_moment({var}) = {got}, but a Monte Carlo average of "
                f"max(y, 0)^2 over {n} {name} samples with variance {var} is "
                f"{estimate:.5f} +- {stderr:.5f}"
            )


def _second_moment_no_half(var_y: float) -> float:
    return var_y  # "ReLU keeps the variance"


def _second_moment_is_variance(var_y: float) -> float:
    return var_y * (0.5 - 1.0 / (2.0 * math.pi))  # Var(max(y, 0)) for normal y, not E[x^2]


# --- He initialisation in a deep ReLU stack -------------------------------------------------

# Alternating widths make fan_in and fan_out differ by 4 at every layer, so a swapped
# mode changes the second moment by 4 or 1/4 per layer. Bounds, from 200 seeds of
# this simulation with correct He init: the per-layer ratio of second moments stayed
# within [0.68, 1.47] forward and [0.83, 1.20] backward (finite width and batch: the
# units of a deep ReLU net are correlated across examples), and the ratio of the last
# layer's to the first layer's within [0.25, 2.8] and [0.52, 1.64]. The checks allow
# [0.5, 2] per layer and [1/5, 5] end to end: a 1/n scale (factor 0.5 per layer, 1e-7
# end to end), the wrong fan (4 or 1/4) or the variance used as the std all fail.
WIDTHS = [256, 1024] * 12 + [256]
BATCH = 128
PER_LAYER = (0.5, 2.0)
END_TO_END = (0.2, 5.0)


def _draw(fn: Callable, fan_in: int, fan_out: int, rng: np.random.Generator,
          mode: str | None) -> np.ndarray:  # fmt: skip
    args = (fan_in, fan_out, rng) if mode is None else (fan_in, fan_out, rng, mode)
    w = np.asarray(_call(fn, *args, label=f"init({fan_in}, {fan_out}, mode={mode})"))
    assert w.shape == (fan_in, fan_out), f"init gave shape {w.shape}, expected (n_in, n_out)"
    return w


def _check_std(fn: Callable, mode: str | None) -> None:
    fan_in, fan_out = 400, 1600
    w = _draw(fn, fan_in, fan_out, np.random.default_rng(501), mode)
    fan = fan_out if mode == "fan_out" else fan_in
    want = math.sqrt(2.0 / fan)
    # 640,000 draws: the sample std is within 0.3% of the true one at 3 sigma
    assert abs(w.std() / want - 1) < 0.01, (
        f"He init ({mode or 'default mode'}) of a ({fan_in}, {fan_out}) matrix: std "
        f"{w.std():.5f}, expected sqrt(2 / {fan}) = {want:.5f}"
    )
    again = _draw(fn, fan_in, fan_out, np.random.default_rng(501), mode)
    assert np.array_equal(w, again), "the same seed gave different weights: rng ignored"


def _assert_preserved(moments: list[float], what: str) -> None:
    ratios = [b / a for a, b in zip(moments[:-1], moments[1:], strict=True)]
    low, high = PER_LAYER
    bad = [(i + 1, round(r, 3)) for i, r in enumerate(ratios) if not low <= r <= high]
    assert not bad, (
        f"{what}: the second moment changed by these factors between layers (step, "
        f"ratio), allowed [{low}, {high}]: {bad[:6]}"
    )
    overall = moments[-1] / moments[0]
    assert END_TO_END[0] <= overall <= END_TO_END[1], (
        f"{what}: the second moment drifted by {overall:.3g} over {len(ratios)} layers"
    )


def _check_he_forward(fn: Callable) -> None:
    _check_std(fn, None)
    rng = np.random.default_rng(502)
    x = rng.standard_normal((BATCH, WIDTHS[0]))
    moments = []
    for fan_in, fan_out in zip(WIDTHS[:-1], WIDTHS[1:], strict=True):
        z = x @ _draw(fn, fan_in, fan_out, rng, None)
        moments.append(float(np.mean(z**2)))
        x = np.maximum(z, 0.0)
    # the first layer sees unit-variance inputs, not ReLU outputs: E[z^2] = 2
    assert 1.8 < moments[0] < 2.2, (
        f"He init, first layer on unit-variance inputs: E[z^2] = {moments[0]:.3f}, expected 2"
    )
    _assert_preserved(moments, "He init (fan_in), forward through 24 ReLU layers")


def _check_he_backward(fn: Callable) -> None:
    _check_std(fn, "fan_out")
    rng = np.random.default_rng(503)
    x = rng.standard_normal((BATCH, WIDTHS[0]))
    weights, masks = [], []
    for fan_in, fan_out in zip(WIDTHS[:-1], WIDTHS[1:], strict=True):
        w = _draw(fn, fan_in, fan_out, rng, "fan_out")
        z = x @ w
        weights.append(w)
        masks.append(z > 0)
        x = np.maximum(z, 0.0)
    grad = rng.standard_normal((BATCH, WIDTHS[-1]))  # dL/d(last ReLU output)
    moments = []
    for w, mask in zip(reversed(weights), reversed(masks), strict=True):
        grad = (grad * mask) @ w.T  # through the ReLU, then the layer
        moments.append(float(np.mean(grad**2)))
    _assert_preserved(moments, "He init (fan_out), backward through 24 ReLU layers")


def _init_lecun(fan_in: int, fan_out: int, rng: np.random.Generator,
                mode: str = "fan_in") -> np.ndarray:  # fmt: skip
    fan = fan_in if mode == "fan_in" else fan_out
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(1.0 / fan)  # Var(w) = 1/n


def _init_fan_out_always(fan_in: int, fan_out: int, rng: np.random.Generator,
                         mode: str = "fan_in") -> np.ndarray:  # fmt: skip
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_out)


def _init_fan_in_always(fan_in: int, fan_out: int, rng: np.random.Generator,
                        mode: str = "fan_in") -> np.ndarray:  # fmt: skip
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)


def _init_variance_as_std(fan_in: int, fan_out: int, rng: np.random.Generator,
                          mode: str = "fan_in") -> np.ndarray:  # fmt: skip
    fan = fan_in if mode == "fan_in" else fan_out
    return rng.standard_normal((fan_in, fan_out)) * (2.0 / fan)


# --- the registry ---------------------------------------------------------------------------

CHECKS: dict[str, Callable[[Callable], None]] = {
    "act-gelu": _check_gelu,
    "act-gelu-grad": _check_gelu_grad,
    "act-gelu-tanh": _check_gelu_tanh,
    "act-gelu-tanh-grad": _check_gelu_tanh_grad,
    "act-silu": _check_silu,
    "act-silu-grad": _check_silu_grad,
    "act-softplus": _check_softplus,
    "act-softplus-grad": _check_softplus_grad,
    "softmax-gap-jacobian": _check_softmax_jacobian,
    "softmax-gap-vjp": _check_softmax_vjp,
    "softmax-gap-bce-logits": _check_bce_logits,
    "init-relu-second-moment": _check_relu_second_moment,
    "init-he-forward": _check_he_forward,
    "init-he-backward": _check_he_backward,
}

EXPECTED: dict[str, list[str]] = {
    "activations": [
        "act-gelu", "act-gelu-grad", "act-gelu-tanh", "act-gelu-tanh-grad",
        "act-silu", "act-silu-grad", "act-softplus", "act-softplus-grad",
    ],
    "softmax": ["softmax-gap-jacobian", "softmax-gap-vjp", "softmax-gap-bce-logits"],
    "initialisation": ["init-relu-second-moment", "init-he-forward", "init-he-backward"],
}  # fmt: skip

WRONG: list[tuple[str, Callable]] = [
    ("act-gelu", _gelu_erf_of_x),
    ("act-gelu", _gelu_sigmoid_approx),
    ("act-gelu", _gelu_tanh_for_exact),
    ("act-gelu-grad", _gelu_grad_cdf_only),
    ("act-gelu-grad", _gelu_grad_no_x),
    ("act-gelu-tanh", _gelu_tanh_sqrt_pi_over_2),
    ("act-gelu-tanh", _gelu_tanh_gate_only),
    ("act-gelu-tanh-grad", _gelu_tanh_grad_no_chain),
    ("act-gelu-tanh-grad", _gelu_tanh_grad_exact_formula),
    ("act-silu", _silu_naive),
    ("act-silu", _silu_gelu_constant),
    ("act-silu-grad", _silu_grad_sigmoid_grad),
    ("act-silu-grad", _silu_grad_wrong_factor),
    ("act-softplus", _softplus_naive),
    ("act-softplus", _softplus_no_log1p),
    ("act-softplus-grad", _softplus_grad_naive),
    ("act-softplus-grad", _softplus_grad_sign),
    ("softmax-gap-jacobian", _jacobian_diagonal_only),
    ("softmax-gap-jacobian", _jacobian_sign_flipped),
    ("softmax-gap-vjp", _vjp_elementwise),
    ("softmax-gap-vjp", _vjp_sign_flipped),
    ("softmax-gap-vjp", _vjp_batch_sum),
    ("softmax-gap-bce-logits", _bce_naive),
    ("softmax-gap-bce-logits", _bce_grad_summed),
    ("softmax-gap-bce-logits", _bce_grad_sign),
    ("init-relu-second-moment", _second_moment_no_half),
    ("init-relu-second-moment", _second_moment_is_variance),
    ("init-he-forward", _init_lecun),
    ("init-he-forward", _init_fan_out_always),
    ("init-he-forward", _init_variance_as_std),
    ("init-he-backward", _init_fan_in_always),
    ("init-he-backward", _init_lecun),
]
