"""What the normalisation suites share. batchnorm and batchnorm_alt share everything:
(N, D) test cases, models of the common batch-norm mistakes, and the whole property
list, parameterised by the name of the backward function the drill asks for.
spatial_batchnorm reuses the running-statistics mistakes and the checks of
bn_param; layernorm, like both, reuses the gradient check of a norm layer, and all
four register the own-cache property (two forwards, then each backward) here."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import Ctx, Suite, as_layout, layouts, rng_array, scales, seeds
from checker.suites._layouts import note
from checker.suites._own_cache import TITLE, check_own_cache, show_calls

MistakeModels = Callable[..., dict[str, Callable[[], np.ndarray]]]

dims = st.tuples(st.integers(1, 8), st.integers(1, 6))  # (N, D)
# With N = 1 every dx is zero and the mistakes below coincide; the backward
# comparison starts at N = 2 so that a failure can be named (N = 1 is still
# checked by the constant-feature property).
backward_dims = st.tuples(st.integers(2, 8), st.integers(1, 6))
# Likewise the forward comparison: at N = 1 a missing epsilon and the unbiased
# variance both give 0/0; from N = 2 they differ and the verdict can name them.
forward_dims = backward_dims
# From N = 3 where two forwards' backwards are compared: at N = 2 each feature
# normalises to +-1, and dx is only an eps-sized effect that reads poorly.
own_cache_dims = st.tuples(st.integers(3, 8), st.integers(1, 6))
eps_choices = st.sampled_from([1e-5, 1e-3, 1e-8])
momenta = st.sampled_from([0.9, 0.5, 0.99, 0.0])


def case(seed: int, n: int, d: int, scale: float):
    rng = np.random.default_rng(seed)
    shift = rng.standard_normal(d) * scale
    x = rng.standard_normal((n, d)) * scale + shift
    gamma = rng.uniform(0.5, 2.0, d) * rng.choice([-1.0, 1.0], d)
    beta = rng.standard_normal(d)
    return x, gamma, beta


# ----------------------------------------------------------------- models of known mistakes


def forward_mistakes(x, gamma, beta, eps):
    mu, var = x.mean(0), x.var(0)
    return {
        "epsilon outside the square root": lambda: gamma * (x - mu) / (np.sqrt(var) + eps) + beta,
        "epsilon missing": lambda: gamma * (x - mu) / np.sqrt(var) + beta,
        "unbiased batch variance": lambda: (
            gamma * (x - mu) / np.sqrt(x.var(0, ddof=1) + eps) + beta
        ),
    }


def running_mistakes(stat_key, x, old, momentum, eps, axes=0, kept="statistics kept as (1, D)"):
    """The running-average slips, with batch statistics taken over `axes`; `kept`
    names the mistake of storing them with those axes kept (size 1)."""
    batch = x.mean(axes) if stat_key == "running_mean" else x.var(axes)
    return {
        "momentum weights the batch statistic": lambda: (1 - momentum) * old + momentum * batch,
        "running variance accumulates var + eps": lambda: (
            momentum * old + (1 - momentum) * (batch + eps)
        ),
        "unbiased batch variance": lambda: momentum * old + (1 - momentum) * x.var(axes, ddof=1),
        kept: lambda: np.expand_dims(momentum * old + (1 - momentum) * batch, axes),
        "running statistics not stored": lambda: old,
    }


def backward_mistakes(x, gamma, eps, dout):
    n = x.shape[0]
    mu, var = x.mean(0), x.var(0)
    inv = 1.0 / np.sqrt(var + eps)
    xhat = (x - mu) * inv
    dxhat = dout * gamma
    dvar = np.sum(dxhat * (x - mu), 0) * -0.5 * inv**3
    dmu = -np.sum(dxhat, 0) * inv
    return {
        "dx without the mean path": lambda: dxhat * inv + dvar * 2 * (x - mu) / n,
        "dx without the variance path": lambda: dxhat * inv + dmu / n,
        "dx without the mean and variance paths": lambda: dxhat * inv,
        "dx ignores gamma": lambda: (
            inv / n * (n * dout - dout.sum(0) - xhat * (dout * xhat).sum(0))
        ),
        "dgamma uses x instead of x-hat": lambda: (dout * x).sum(0),
        "statistics kept as (1, D)": lambda: (dout * xhat).sum(0, keepdims=True),
    }


def test_mistakes(x, gamma, beta, rmean, rvar, eps, updated=None):
    """`updated`: the running statistics a test-mode call left in bn_param when it
    changed them (stats_changed_by), to name an output normalised with them."""
    models = {
        "test mode uses batch statistics": lambda: (
            gamma * (x - x.mean(0)) / np.sqrt(x.var(0) + eps) + beta
        ),
        "epsilon outside the square root": lambda: (
            gamma * (x - rmean) / (np.sqrt(rvar) + eps) + beta
        ),
    }
    if updated is not None:
        new_mean, new_var = updated
        models[UPDATES_IN_TEST] = lambda: gamma * (x - new_mean) / np.sqrt(new_var + eps) + beta
    return models


def dx_atol(dout, gamma, var, eps):
    # dx's natural size is |gamma| |dout| / sqrt(var + eps); entries that cancel to
    # (almost) zero, as they all do when N = 1, are judged against it.
    return 1e-9 * float(np.max(np.abs(dout)) * np.max(np.abs(gamma)) / np.sqrt(np.min(var) + eps))


# ----------------------------------------------------------------- shared checks

RUNNING_KEYS = ("running_mean", "running_var")
UPDATES_IN_TEST = "test mode updates the running statistics"


def old_stats(seed: int, d: int, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """Running mean and variance as a resumed training run would hold them."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal(d) * scale, rng.uniform(0.1, 2.0, d) * scale**2


def expect_running_stats(
    ctx: Ctx,
    param: dict,
    ref_param: dict,
    olds: tuple[np.ndarray, np.ndarray],
    scale: float,
    models: Callable[[str, np.ndarray], dict[str, Callable[[], np.ndarray]]],
) -> None:
    """After a train-mode call, the user's bn_param must hold the reference's running
    statistics; `models(key, old)` names the mistakes a wrong one is compared with."""
    for key, old in zip(RUNNING_KEYS, olds, strict=True):
        ctx.expect(key in param, f"bn_param['{key}'] was not stored by the forward pass")
        ctx.expect_close(
            f"bn_param['{key}']",
            param[key],
            ref_param[key],
            atol=1e-12 * scale**2,
            mistakes=models(key, old),
        )


def stats_changed_by(param: dict, olds: tuple[np.ndarray, np.ndarray]):
    """Copies of the running statistics a test-mode call left in bn_param, or None
    when it left them as they were (or stored something that is not a pair of
    numeric arrays)."""
    try:
        now = tuple(np.array(param[key], dtype=np.float64) for key in RUNNING_KEYS)
    except (KeyError, TypeError, ValueError):
        return None
    if all(np.array_equal(a, old) for a, old in zip(now, olds, strict=True)):
        return None
    return now


def expect_stats_untouched(ctx: Ctx, param: dict, olds: tuple[np.ndarray, np.ndarray]) -> None:
    """After a test-mode call, the running statistics must be as they were (`olds`,
    copies kept from before the call); any change is the mistake of updating them."""
    for key, old in zip(RUNNING_KEYS, olds, strict=True):
        got = param.get(key)
        ctx.expect_close(
            f"bn_param['{key}'] after a test-mode call",
            got,
            old,
            what="changed, but test mode must leave it alone",
            mistakes={UPDATES_IN_TEST: lambda got=got: got},
        )


def check_norm_gradients(
    ctx: Ctx,
    forward: str,
    backward: str,
    inputs: tuple[np.ndarray, np.ndarray, np.ndarray],
    dout: np.ndarray,
    param: dict,
    mistakes: dict[str, Callable[[], np.ndarray]],
    dbeta_mistakes: dict[str, Callable[[], np.ndarray]] | None = None,
) -> None:
    """Finite-difference check of dx, dgamma and dbeta against the loss
    sum(out * dout) of the user's own forward(x, gamma, beta, param)."""
    x, gamma, beta = inputs
    _, cache = ctx.call(forward, x, gamma, beta, dict(param), unpack=2)
    dx, dgamma, dbeta = ctx.call(backward, dout, cache, unpack=3)

    def loss_of(xv, g, b):
        out, _ = ctx.call(forward, xv, g, b, dict(param), unpack=2)
        return float(np.sum(np.asarray(out) * dout))

    ctx.grad_check("dx", lambda v: loss_of(v, gamma, beta), x, dx, mistakes=mistakes)
    ctx.grad_check("dgamma", lambda v: loss_of(x, v, beta), gamma, dgamma, mistakes=mistakes)
    ctx.grad_check("dbeta", lambda v: loss_of(x, gamma, v), beta, dbeta, mistakes=dbeta_mistakes)


def add_own_cache_property(
    suite: Suite,
    forward: str,
    backward: str,
    shapes: st.SearchStrategy,
    make_case: Callable[[int, tuple, float], tuple[np.ndarray, np.ndarray, np.ndarray]],
    param: tuple[str, Callable[[float], dict]],
    atols: Callable[[np.ndarray, np.ndarray, float, np.ndarray], tuple[float, float, float]],
) -> None:
    """Register the own-cache property (checker.suites._own_cache) of a norm layer,
    forward(x, gamma, beta, param) -> (out, cache) and backward(dout, cache) -> (dx,
    dgamma, dbeta): two train-mode forwards on different batches (of another shape
    when `other_shape`, another eps too), then the backward of each. `param` is the
    dict's name and its value for an eps; `atols(x, gamma, eps, dout)` are the
    absolute allowances of dx, dgamma and dbeta."""
    param_name, param_of = param

    @suite.prop(
        TITLE,
        max_examples=6,
        first=shapes,
        second=shapes,
        other_shape=st.booleans(),
        seed=seeds,
        scale=scales,
        eps=st.tuples(eps_choices, eps_choices),
    )
    def own_cache(ctx: Ctx, first, second, other_shape, seed, scale, eps):
        shape = (first, second if other_shape else first)
        cases = [make_case(seed + 7 * k, shape[k], scale) for k in range(2)]
        douts = [rng_array(seed + 7 * k + 4, shape[k]) for k in range(2)]
        show_calls(
            ctx,
            [
                {"x": x, "gamma": g, "beta": b, "dout": d, param_name: param_of(e)}
                for (x, g, b), d, e in zip(cases, douts, eps, strict=True)
            ],
        )
        calls = [
            ((x, g, b, param_of(e)), d) for (x, g, b), d, e in zip(cases, douts, eps, strict=True)
        ]
        check_own_cache(
            ctx,
            forward,
            backward,
            calls,
            ("dx", "dgamma", "dbeta"),
            atols=lambda k: atols(cases[k][0], cases[k][1], eps[k], douts[k]),
            order=(2, 1, 0),  # dbeta, dgamma, dx: the simplest failure first
        )


def add_batchnorm_properties(
    suite: Suite,
    backward: str = "batchnorm_backward",
    backward_models: MistakeModels = backward_mistakes,
) -> None:
    """Register the forward, backward, gradient-check and invariant properties of an
    (N, D) batch norm whose backward is called `backward`; `backward_models(x, gamma,
    eps, dout)` names the mistakes a wrong dx, dgamma or dbeta is compared with."""

    # ----------------------------------------------------------------- forward

    @suite.prop(
        "train forward: out matches the definition",
        max_examples=40,
        nd=forward_dims,
        seed=seeds,
        scale=scales,
        eps=eps_choices,
        layout=layouts,
    )
    def train_forward(ctx: Ctx, nd, seed, scale, eps, layout):
        x, gamma, beta = case(seed, *nd, scale)
        param = {"mode": "train", "eps": eps}
        ctx.show(x=x, gamma=gamma, beta=beta, bn_param=dict(param), layout=note(layout))
        args = (as_layout(a, layout) for a in (x, gamma, beta))
        out, _ = ctx.call("batchnorm_forward", *args, dict(param), unpack=2)
        expected, _ = ctx.ref.batchnorm_forward(x, gamma, beta, dict(param))
        ctx.expect_close("out", out, expected, mistakes=forward_mistakes(x, gamma, beta, eps))

    @suite.prop(
        "train forward: running statistics updated and stored in bn_param",
        max_examples=30,
        nd=dims,
        seed=seeds,
        scale=scales,
        momentum=momenta,
        eps=eps_choices,
    )
    def running_update(ctx: Ctx, nd, seed, scale, momentum, eps):
        x, gamma, beta = case(seed, *nd, scale)
        old_mean, old_var = old_stats(seed + 1, nd[1], scale)
        param = {
            "mode": "train",
            "eps": eps,
            "momentum": momentum,
            "running_mean": old_mean.copy(),
            "running_var": old_var.copy(),
        }
        ctx.show(x=x, bn_param=dict(param))
        ctx.call("batchnorm_forward", x, gamma, beta, param, unpack=2)
        ref_param = {**param, "running_mean": old_mean.copy(), "running_var": old_var.copy()}
        ctx.ref.batchnorm_forward(x, gamma, beta, ref_param)
        expect_running_stats(
            ctx,
            param,
            ref_param,
            (old_mean, old_var),
            scale,
            lambda key, old: running_mistakes(key, x, old, momentum, eps),
        )

    @suite.prop(
        "defaults: eps 1e-5, momentum 0.9, running statistics start at zero",
        max_examples=15,
        nd=dims,
        seed=seeds,
        scale=st.sampled_from([1e-2, 1.0]),
    )
    def defaults(ctx: Ctx, nd, seed, scale):
        x, gamma, beta = case(seed, *nd, scale)
        param = {"mode": "train"}
        ctx.show(x=x, gamma=gamma, beta=beta, bn_param={"mode": "train"})
        out, _ = ctx.call("batchnorm_forward", x, gamma, beta, param, unpack=2)
        ref_param = {"mode": "train"}
        expected, _ = ctx.ref.batchnorm_forward(x, gamma, beta, ref_param)
        ctx.expect_close("out", out, expected, mistakes=forward_mistakes(x, gamma, beta, 1e-5))
        zeros = np.zeros(nd[1])
        expect_running_stats(
            ctx,
            param,
            ref_param,
            (zeros, zeros),
            scale,
            lambda key, old: running_mistakes(key, x, old, 0.9, 1e-5),
        )
        test_param = {"mode": "test"}
        ctx.show(x=x, gamma=gamma, beta=beta, bn_param={"mode": "test"})
        out, _ = ctx.call("batchnorm_forward", x, gamma, beta, test_param, unpack=2)
        expected, _ = ctx.ref.batchnorm_forward(x, gamma, beta, {"mode": "test"})
        updated = stats_changed_by(test_param, (zeros, zeros))
        ctx.expect_close(
            "out (test mode, no running statistics given)",
            out,
            expected,
            mistakes=test_mistakes(x, gamma, beta, zeros, zeros, 1e-5, updated),
        )

    @suite.prop(
        "test forward: normalises with the running statistics",
        max_examples=30,
        nd=dims,
        seed=seeds,
        scale=scales,
        eps=eps_choices,
    )
    def test_forward(ctx: Ctx, nd, seed, scale, eps):
        x, gamma, beta = case(seed, *nd, scale)
        rmean, rvar = old_stats(seed + 2, nd[1], scale)
        param = {
            "mode": "test",
            "eps": eps,
            "running_mean": rmean.copy(),
            "running_var": rvar.copy(),
        }
        # The reference gets its own copies of the statistics as they were before the
        # user's call: a test mode that updates them must not move the expected value.
        ref_param = {**param, "running_mean": rmean.copy(), "running_var": rvar.copy()}
        ctx.show(x=x, gamma=gamma, beta=beta, bn_param=dict(param))
        out, _ = ctx.call("batchnorm_forward", x, gamma, beta, param, unpack=2)
        expected, _ = ctx.ref.batchnorm_forward(x, gamma, beta, ref_param)
        updated = stats_changed_by(param, (rmean, rvar))
        mistakes = test_mistakes(x, gamma, beta, rmean, rvar, eps, updated)
        ctx.expect_close("out (test mode)", out, expected, mistakes=mistakes)
        expect_stats_untouched(ctx, param, (rmean, rvar))

    # ----------------------------------------------------------------- backward

    @suite.prop(
        "backward: dx, dgamma, dbeta match the reference",
        max_examples=40,
        nd=backward_dims,
        seed=seeds,
        scale=scales,
        eps=eps_choices,
        layout=layouts,
    )
    def backward_matches(ctx: Ctx, nd, seed, scale, eps, layout):
        x, gamma, beta = case(seed, *nd, scale)
        dout = rng_array(seed + 4, nd)
        param = {"mode": "train", "eps": eps}
        ctx.show(x=x, gamma=gamma, beta=beta, dout=dout, bn_param=dict(param), layout=note(layout))
        args = (as_layout(a, layout) for a in (x, gamma, beta))
        _, cache = ctx.call("batchnorm_forward", *args, dict(param), unpack=2)
        dx, dgamma, dbeta = ctx.call(backward, as_layout(dout, layout), cache, unpack=3)
        _, ref_cache = ctx.ref.batchnorm_forward(x, gamma, beta, dict(param))
        rdx, rdgamma, rdbeta = getattr(ctx.ref, backward)(dout, ref_cache)
        mistakes = backward_models(x, gamma, eps, dout)
        sums = {"statistics kept as (1, D)": lambda: dout.sum(0, keepdims=True)}
        ctx.expect_close("dbeta", dbeta, rdbeta, atol=1e-12, mistakes=sums)
        ctx.expect_close(
            "dgamma", dgamma, rdgamma, atol=1e-9 * float(np.max(np.abs(dout))), mistakes=mistakes
        )
        atol = dx_atol(dout, gamma, x.var(0), eps)
        ctx.expect_close("dx", dx, rdx, atol=atol, mistakes=mistakes)

    @suite.prop(
        "gradient check: backward is the derivative of your forward",
        max_examples=12,
        # From N = 3: at N = 2 each feature normalises to +-1 whatever x is, so dx is
        # only an eps-sized effect that finite differences cannot resolve to 1e-5
        # (the correct dx fails there); N = 2 is compared with the reference above.
        n=st.integers(3, 5),
        d=st.integers(1, 3),
        seed=seeds,
    )
    def gradient_check(ctx: Ctx, n, d, seed):
        x, gamma, beta = case(seed, n, d, 1.0)
        dout = rng_array(seed + 5, (n, d))
        ctx.show(x=x, gamma=gamma, beta=beta, dout=dout)
        mistakes = backward_models(x, gamma, 1e-5, dout)
        check_norm_gradients(
            ctx,
            "batchnorm_forward",
            backward,
            (x, gamma, beta),
            dout,
            {"mode": "train"},
            mistakes,
        )

    add_own_cache_property(
        suite,
        "batchnorm_forward",
        backward,
        own_cache_dims,
        lambda seed, nd, scale: case(seed, *nd, scale),
        ("bn_param", lambda eps: {"mode": "train", "eps": eps}),
        lambda x, gamma, eps, dout: (
            dx_atol(dout, gamma, x.var(0), eps),
            1e-9 * float(np.max(np.abs(dout))),
            1e-12,
        ),
    )

    # ----------------------------------------------------------------- invariants

    @suite.prop(
        "train output has per-feature mean beta and std |gamma|",
        max_examples=20,
        n=st.integers(2, 12),
        d=st.integers(1, 5),
        seed=seeds,
        scale=st.sampled_from([1.0, 10.0, 1e3]),
    )
    def normalised_statistics(ctx: Ctx, n, d, seed, scale):
        x, gamma, beta = case(seed, n, d, scale)
        ctx.show(x=x, gamma=gamma, beta=beta)
        out, _ = ctx.call("batchnorm_forward", x, gamma, beta, {"mode": "train"}, unpack=2)
        ctx.expect_array("out", out, x)
        var = x.var(0)
        ctx.expect_close(
            "per-feature mean of out", out.mean(0), beta, atol=1e-9, what="is not beta"
        )
        expected_std = np.abs(gamma) * np.sqrt(var / (var + 1e-5))
        ctx.expect_close(
            "per-feature std of out",
            out.std(0),
            expected_std,
            rtol=1e-6,
            what="is not |gamma| (times sqrt(var / (var + eps)))",
        )

    @suite.prop(
        "a constant feature gives finite output and gradients (no NaN)",
        max_examples=10,
        n=st.integers(1, 6),
        d=st.integers(1, 4),
        seed=seeds,
        value=st.sampled_from([0.0, 3.0, -1e3]),
    )
    def constant_feature(ctx: Ctx, n, d, seed, value):
        x, gamma, beta = case(seed, n, d, 1.0)
        x[:, 0] = value
        dout = rng_array(seed + 3, (n, d))
        ctx.show(x=x, gamma=gamma, beta=beta, dout=dout)
        out, cache = ctx.call("batchnorm_forward", x, gamma, beta, {"mode": "train"}, unpack=2)
        expected, _ = ctx.ref.batchnorm_forward(x, gamma, beta, {"mode": "train"})
        ctx.expect_close("out", out, expected, atol=1e-9)
        grads = ctx.call(backward, dout, cache, unpack=3)
        _, ref_cache = ctx.ref.batchnorm_forward(x, gamma, beta, {"mode": "train"})
        expected_grads = getattr(ctx.ref, backward)(dout, ref_cache)
        atol = dx_atol(dout, gamma, x.var(0), 1e-5)
        mistakes = backward_models(x, gamma, 1e-5, dout)
        for name, g, want in zip(("dx", "dgamma", "dbeta"), grads, expected_grads, strict=True):
            if want.ndim == 1:
                mistakes = {
                    "statistics kept as (1, D)": lambda want=want: want[None, :],
                    **mistakes,
                }
            ctx.expect_close(name, g, want, atol=atol, mistakes=mistakes)
