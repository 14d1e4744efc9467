"""Hidden suite for the ewma drill (v_0 = 0, optional bias correction with t from 1)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import Ctx, Suite, as_layout, closeness, layouts, scales, seeds
from checker.suites._layouts import note

suite = Suite()

# With a single value, starting v at theta_1 and correcting give the same output,
# so the properties that name mistakes start at T = 2; T = 1 has its own property.
lengths = st.integers(2, 30)
betas = st.sampled_from([0.9, 0.5, 0.98, 0.999, 0.1])


def _values(seed: int, t: int, scale: float) -> np.ndarray:
    rng = np.random.default_rng(seed)
    # A common offset as well as noise, so the averages are not all near zero.
    return (rng.standard_normal(t) + 3 * rng.standard_normal()) * scale


# ----------------------------------------------------------------- models of known mistakes


def _run(values, beta, start=0.0):
    out, v = np.empty(len(values)), start
    for i, theta in enumerate(values):
        v = beta * v + (1 - beta) * theta
        out[i] = v
    return out


def _steps(n: int) -> np.ndarray:
    return np.arange(1, n + 1)


def _fed_back(values, beta):
    out, v = np.empty(len(values)), 0.0
    for i, theta in enumerate(values):
        v = (beta * v + (1 - beta) * theta) / (1 - beta ** (i + 1))
        out[i] = v
    return out


def _mistakes(values, beta, corrected: bool, default_call: bool = False):
    t = _steps(len(values))
    plain = _run(values, beta)
    fix = (1 - beta**t) if corrected else np.ones(len(values))
    shifted = np.concatenate([[0.0], plain[:-1]])
    models = {}
    # The flag mistakes first: for T = 1 a corrected average equals theta_1, which is
    # also what starting v at the first value gives.
    if corrected:
        models["bias_correction flag ignored"] = lambda: plain
    else:
        name = "bias correction on by default" if default_call else "bias_correction flag ignored"
        models[name] = lambda: plain / (1 - beta**t)
    models |= {
        "beta and 1 - beta swapped": lambda: _run(values, 1 - beta) / fix,
        "v initialised with the first value": lambda: _run(values, beta, values[0]) / fix,
        "average recorded before the update": lambda: shifted / fix,
        "only the last value returned": lambda: (plain / fix)[-1],
    }
    if corrected:
        models["bias correction uses the wrong t"] = lambda: plain / (1 - beta ** (t + 1))
        models["corrected values fed back into the average"] = lambda: _fed_back(values, beta)
    return models


def _t_from_zero(ctx: Ctx, got, values, beta, atol: float) -> None:
    """t counted from 0 divides the first average by 1 - beta**0 = 0: an inf that
    closeness cannot match, so this mistake is recognised on the other entries."""
    if not isinstance(got, np.ndarray) or got.shape != values.shape:
        return
    if np.isfinite(got[0]):
        return
    t0 = np.arange(len(values))
    model = _run(values, beta)[1:] / (1 - beta ** t0[1:])
    if closeness(got[1:], model, 1e-6, atol).ok:
        raise ctx.fail(
            "wrong_answer",
            f"the first bias-corrected average is {got[0]}, not a number: the correction "
            "divided by 1 - beta**0 = 0",
            mistake=ctx.mistakes.get("bias correction uses the wrong t"),
        )


# ----------------------------------------------------------------- properties


@suite.prop(
    "averages without bias correction",
    max_examples=30,
    t=lengths,
    seed=seeds,
    scale=scales,
    beta=betas,
    layout=layouts,
)
def plain(ctx: Ctx, t, seed, scale, beta, layout):
    values = as_layout(_values(seed, t, scale), layout)
    ctx.show(values=values, beta=beta, bias_correction=False, layout=note(values))
    got = ctx.call("ewma", values, beta, False)
    expected = ctx.ref.ewma(values.copy(), beta, False)
    ctx.expect_close(
        "averages", got, expected, atol=1e-12 * scale, mistakes=_mistakes(values, beta, False)
    )


@suite.prop(
    "bias-corrected averages v_t / (1 - beta**t), t from 1",
    max_examples=30,
    t=lengths,
    seed=seeds,
    scale=scales,
    beta=betas,
    layout=layouts,
)
def corrected(ctx: Ctx, t, seed, scale, beta, layout):
    values = as_layout(_values(seed, t, scale), layout)
    ctx.show(values=values, beta=beta, bias_correction=True, layout=note(values))
    got = ctx.call("ewma", values, beta, True)
    expected = ctx.ref.ewma(values.copy(), beta, True)
    _t_from_zero(ctx, got, values, beta, 1e-12 * scale)
    ctx.expect_close(
        "bias-corrected averages",
        got,
        expected,
        atol=1e-12 * scale,
        mistakes=_mistakes(values, beta, True),
    )


@suite.prop(
    "bias_correction defaults to False",
    max_examples=10,
    t=st.integers(2, 12),
    seed=seeds,
    beta=betas,
)
def default_flag(ctx: Ctx, t, seed, beta):
    values = _values(seed, t, 1.0)
    ctx.show(values=values, beta=beta)
    got = ctx.call("ewma", values, beta)
    expected = ctx.ref.ewma(values.copy(), beta)
    ctx.expect_close(
        "averages (flag omitted)",
        got,
        expected,
        atol=1e-12,
        mistakes=_mistakes(values, beta, False, default_call=True),
    )


@suite.prop(
    "a constant sequence: corrected averages equal the constant",
    max_examples=10,
    t=st.integers(1, 30),
    value=st.sampled_from([20.0, -3.5, 1e-3, 1e3]),
    beta=betas,
)
def constant(ctx: Ctx, t, value, beta):
    values = np.full(t, value)
    ctx.show(values=values, beta=beta, bias_correction=True)
    got = ctx.call("ewma", values, beta, True)
    _t_from_zero(ctx, got, values, beta, 0.0)
    ctx.expect_close(
        "bias-corrected averages of a constant",
        got,
        values,
        mistakes=_mistakes(values, beta, True),
        what="should equal the constant at every step (the whole point of the correction)",
    )


@suite.prop(
    "a single value: shape (1,), (1 - beta) * theta_1, or theta_1 when corrected",
    max_examples=8,
    seed=seeds,
    scale=scales,
    beta=betas,
)
def single_value(ctx: Ctx, seed, scale, beta):
    values = _values(seed, 1, scale)
    for flag in (False, True):
        ctx.show(values=values, beta=beta, bias_correction=flag)
        got = ctx.call("ewma", values, beta, flag)
        expected = ctx.ref.ewma(values.copy(), beta, flag)
        if flag:
            _t_from_zero(ctx, got, values, beta, 0.0)
        ctx.expect_close("averages", got, expected, atol=1e-12 * scale)
