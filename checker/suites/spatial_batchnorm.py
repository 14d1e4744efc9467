"""Hidden suite for spatial_batchnorm: batch norm of (N, C, H, W) feature maps with
per-channel statistics over N, H and W.

Spatial batch norm is (N, D) batch norm on the map viewed as (N*H*W, C). The
mistakes batch norm already knows are modelled on that view (checker.suites.
_bn_common); the ones listed here are the layout slips: statistics over the wrong
axes, a reshape without a transpose, a transpose back the wrong way. The checks of
bn_param's running statistics and the gradient check are batch norm's too.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import Ctx, Suite, as_layout, layouts, rng_array, scales, seeds
from checker.suites._bn_common import (
    UPDATES_IN_TEST,
    add_own_cache_property,
    backward_mistakes,
    check_norm_gradients,
    dx_atol,
    expect_running_stats,
    expect_stats_untouched,
    forward_mistakes,
    old_stats,
    running_mistakes,
    stats_changed_by,
)
from checker.suites._layouts import note

suite = Suite()

AXES = (0, 2, 3)
small = st.integers(1, 4)
maps = st.tuples(st.integers(1, 4), st.integers(1, 4), small, st.integers(1, 5))  # N, C, H, W
# With N*H*W = 1 every dx is zero and the mistakes coincide; the backward comparison
# starts at N = 2 (N*H*W = 1 stays covered by the constant-channel property).
backward_maps = st.tuples(st.integers(2, 4), st.integers(1, 4), small, st.integers(1, 5))
# Likewise the forward comparison: with N*H*W = 1 a missing epsilon and the unbiased
# variance both give 0/0, so it draws at least two values per channel and the verdict
# can name either (N*H*W = 1 stays covered by the constant-channel property).
forward_maps = maps.map(lambda s: (2, *s[1:]) if s[0] * s[2] * s[3] == 1 else s)
eps_choices = st.sampled_from([1e-5, 1e-3, 1e-8])
momenta = st.sampled_from([0.9, 0.5, 0.99, 0.0])

Models = dict


def _case(seed: int, shape: tuple[int, int, int, int], scale: float):
    rng = np.random.default_rng(seed)
    c = shape[1]
    shift = rng.standard_normal(c)[None, :, None, None] * scale
    x = rng.standard_normal(shape) * scale + shift
    gamma = rng.uniform(0.5, 2.0, c) * rng.choice([-1.0, 1.0], c)
    beta = rng.standard_normal(c)
    return x, gamma, beta


def _chan(v: np.ndarray) -> np.ndarray:
    return v[None, :, None, None]


def _to_rows(a: np.ndarray) -> np.ndarray:
    """(N, C, H, W) -> (N*H*W, C): the layout (N, D) batch norm expects."""
    return a.transpose(0, 2, 3, 1).reshape(-1, a.shape[1])


def _from_rows(a: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    n, c, h, w = shape
    return a.reshape(n, h, w, c).transpose(0, 3, 1, 2)


def _lift(models: dict, shape: tuple[int, ...], skip: tuple[str, ...] = ()) -> Models:
    """(N, D) mistake models evaluated on the row view, maps returned in (N, C, H, W)."""

    def lifted(make):
        def value():
            v = np.asarray(make())
            return _from_rows(v, shape) if v.ndim == 2 else v

        return value

    return {name: lifted(make) for name, make in models.items() if name not in skip}


def _bn(x, gamma, beta, eps, axes):
    """Batch norm with statistics over `axes` (keepdims), gamma/beta per channel."""
    mu, var = x.mean(axes, keepdims=True), x.var(axes, keepdims=True)
    return _chan(gamma) * (x - mu) / np.sqrt(var + eps) + _chan(beta)


def _layout_mistakes(x, gamma, beta, eps) -> Models:
    shape = x.shape
    c = shape[1]

    def reshape_no_transpose():
        x2 = x.reshape(-1, c)
        out2 = gamma * (x2 - x2.mean(0)) / np.sqrt(x2.var(0) + eps) + beta
        return out2.reshape(shape)

    def no_transpose_back():
        x2 = _to_rows(x)
        out2 = gamma * (x2 - x2.mean(0)) / np.sqrt(x2.var(0) + eps) + beta
        return out2.reshape(shape)

    return {
        "statistics per (C, H, W) position": lambda: _bn(x, gamma, beta, eps, 0),
        "reshape to (-1, C) without transposing": reshape_no_transpose,
        "result reshaped back without transposing": no_transpose_back,
        "statistics over H and W only": lambda: _bn(x, gamma, beta, eps, (2, 3)),
        "statistics over N and H only": lambda: _bn(x, gamma, beta, eps, (0, 2)),
    }


def _forward_models(x, gamma, beta, eps) -> Models:
    lifted = _lift(forward_mistakes(_to_rows(x), gamma, beta, eps), x.shape)
    return {**_layout_mistakes(x, gamma, beta, eps), **lifted}


def _running_models(key, x, old, momentum, eps) -> Models:
    mean = key == "running_mean"
    x2 = x.reshape(-1, x.shape[1])
    kept = "statistics kept as (1, C, 1, 1)"
    return {
        **running_mistakes(key, x, old, momentum, eps, axes=AXES, kept=kept),
        "statistics per (C, H, W) position": lambda: (
            momentum * _chan(old)[0] + (1 - momentum) * (x.mean(0) if mean else x.var(0))
        ),
        "reshape to (-1, C) without transposing": lambda: (
            momentum * old + (1 - momentum) * (x2.mean(0) if mean else x2.var(0))
        ),
    }


def _backward_models(x, gamma, eps, dout) -> Models:
    n, c, h, w = x.shape
    m = n * h * w
    mu, var = x.mean(AXES), x.var(AXES)
    inv = _chan(1.0 / np.sqrt(var + eps))
    xhat = (x - _chan(mu)) * inv
    dbeta, dgamma = dout.sum(AXES), (dout * xhat).sum(AXES)

    def dx_with_count(count):
        return _chan(gamma) * inv / count * (count * dout - _chan(dbeta) - xhat * _chan(dgamma))

    def dx_not_transposed_back():
        return _to_rows(dx_with_count(m)).reshape(x.shape)

    flat = backward_mistakes(_to_rows(x), gamma, eps, _to_rows(dout))
    return {
        "count N instead of N*H*W": lambda: dx_with_count(n),
        "result reshaped back without transposing": dx_not_transposed_back,
        "statistics kept as (1, C, 1, 1)": lambda: _chan(dgamma),
        **_lift(flat, x.shape, skip=("statistics kept as (1, D)",)),
    }


def _test_models(x, gamma, beta, rmean, rvar, eps, updated=None) -> Models:
    """`updated`: the running statistics a test-mode call left in bn_param when it
    changed them (stats_changed_by), to name an output normalised with them."""
    models = {
        "test mode uses batch statistics": lambda: _bn(x, gamma, beta, eps, AXES),
        "epsilon outside the square root": lambda: (
            _chan(gamma) * (x - _chan(rmean)) / (_chan(np.sqrt(rvar)) + eps) + _chan(beta)
        ),
    }
    if updated is not None:
        new_mean, new_var = (np.reshape(v, (1, -1, 1, 1)) for v in updated)
        models[UPDATES_IN_TEST] = lambda: (
            _chan(gamma) * (x - new_mean) / np.sqrt(new_var + eps) + _chan(beta)
        )
    return models


# ----------------------------------------------------------------- forward


@suite.prop(
    "train forward: out matches the definition (per-channel statistics)",
    max_examples=30,
    shape=forward_maps,
    seed=seeds,
    scale=scales,
    eps=eps_choices,
    layout=layouts,
)
def train_forward(ctx: Ctx, shape, seed, scale, eps, layout):
    x, gamma, beta = _case(seed, shape, scale)
    param = {"mode": "train", "eps": eps}
    ctx.show(x=x, gamma=gamma, beta=beta, bn_param=dict(param), layout=note(layout))
    args = (as_layout(a, layout) for a in (x, gamma, beta))
    out, _ = ctx.call("spatial_batchnorm_forward", *args, dict(param), unpack=2)
    expected, _ = ctx.ref.spatial_batchnorm_forward(x, gamma, beta, dict(param))
    ctx.expect_close("out", out, expected, mistakes=_forward_models(x, gamma, beta, eps))


@suite.prop(
    "train forward: running statistics updated and stored in bn_param",
    max_examples=20,
    shape=maps,
    seed=seeds,
    scale=scales,
    momentum=momenta,
    eps=eps_choices,
)
def running_update(ctx: Ctx, shape, seed, scale, momentum, eps):
    x, gamma, beta = _case(seed, shape, scale)
    old_mean, old_var = old_stats(seed + 1, shape[1], scale)
    param = {
        "mode": "train",
        "eps": eps,
        "momentum": momentum,
        "running_mean": old_mean.copy(),
        "running_var": old_var.copy(),
    }
    ctx.show(x=x, bn_param=dict(param))
    ctx.call("spatial_batchnorm_forward", x, gamma, beta, param, unpack=2)
    ref_param = {**param, "running_mean": old_mean.copy(), "running_var": old_var.copy()}
    ctx.ref.spatial_batchnorm_forward(x, gamma, beta, ref_param)
    expect_running_stats(
        ctx,
        param,
        ref_param,
        (old_mean, old_var),
        scale,
        lambda key, old: _running_models(key, x, old, momentum, eps),
    )


@suite.prop(
    "defaults: eps 1e-5, momentum 0.9, running statistics start at zero",
    max_examples=12,
    shape=forward_maps,
    seed=seeds,
    scale=st.sampled_from([1e-2, 1.0]),
)
def defaults(ctx: Ctx, shape, seed, scale):
    x, gamma, beta = _case(seed, shape, scale)
    param = {"mode": "train"}
    ctx.show(x=x, gamma=gamma, beta=beta, bn_param={"mode": "train"})
    out, _ = ctx.call("spatial_batchnorm_forward", x, gamma, beta, param, unpack=2)
    ref_param = {"mode": "train"}
    expected, _ = ctx.ref.spatial_batchnorm_forward(x, gamma, beta, ref_param)
    ctx.expect_close("out", out, expected, mistakes=_forward_models(x, gamma, beta, 1e-5))
    zeros = np.zeros(shape[1])
    expect_running_stats(
        ctx,
        param,
        ref_param,
        (zeros, zeros),
        scale,
        lambda key, old: _running_models(key, x, old, 0.9, 1e-5),
    )
    ctx.show(x=x, gamma=gamma, beta=beta, bn_param={"mode": "test"})
    test_param = {"mode": "test"}
    out, _ = ctx.call("spatial_batchnorm_forward", x, gamma, beta, test_param, unpack=2)
    expected, _ = ctx.ref.spatial_batchnorm_forward(x, gamma, beta, {"mode": "test"})
    updated = stats_changed_by(test_param, (zeros, zeros))
    ctx.expect_close(
        "out (test mode, no running statistics given)",
        out,
        expected,
        mistakes=_test_models(x, gamma, beta, zeros, zeros, 1e-5, updated),
    )


@suite.prop(
    "test forward: normalises with the running statistics",
    max_examples=25,
    shape=maps,
    seed=seeds,
    scale=scales,
    eps=eps_choices,
)
def test_forward(ctx: Ctx, shape, seed, scale, eps):
    x, gamma, beta = _case(seed, shape, scale)
    rmean, rvar = old_stats(seed + 2, shape[1], scale)
    param = {"mode": "test", "eps": eps, "running_mean": rmean.copy(), "running_var": rvar.copy()}
    # The reference gets its own copies of the statistics as they were before the
    # user's call: a test mode that updates them must not move the expected value.
    ref_param = {**param, "running_mean": rmean.copy(), "running_var": rvar.copy()}
    ctx.show(x=x, gamma=gamma, beta=beta, bn_param=dict(param))
    out, _ = ctx.call("spatial_batchnorm_forward", x, gamma, beta, param, unpack=2)
    expected, _ = ctx.ref.spatial_batchnorm_forward(x, gamma, beta, ref_param)
    updated = stats_changed_by(param, (rmean, rvar))
    mistakes = _test_models(x, gamma, beta, rmean, rvar, eps, updated)
    ctx.expect_close("out (test mode)", out, expected, mistakes=mistakes)
    expect_stats_untouched(ctx, param, (rmean, rvar))


# ----------------------------------------------------------------- backward


@suite.prop(
    "backward: dx, dgamma, dbeta match the reference",
    max_examples=30,
    shape=backward_maps,
    seed=seeds,
    scale=scales,
    eps=eps_choices,
    layout=layouts,
)
def backward_matches(ctx: Ctx, shape, seed, scale, eps, layout):
    x, gamma, beta = _case(seed, shape, scale)
    dout = rng_array(seed + 4, shape)
    param = {"mode": "train", "eps": eps}
    ctx.show(x=x, gamma=gamma, beta=beta, dout=dout, bn_param=dict(param), layout=note(layout))
    args = (as_layout(a, layout) for a in (x, gamma, beta))
    _, cache = ctx.call("spatial_batchnorm_forward", *args, dict(param), unpack=2)
    dout_in = as_layout(dout, layout)
    dx, dgamma, dbeta = ctx.call("spatial_batchnorm_backward", dout_in, cache, unpack=3)
    _, ref_cache = ctx.ref.spatial_batchnorm_forward(x, gamma, beta, dict(param))
    rdx, rdgamma, rdbeta = ctx.ref.spatial_batchnorm_backward(dout, ref_cache)
    mistakes = _backward_models(x, gamma, eps, dout)
    sums = {"statistics kept as (1, C, 1, 1)": lambda: _chan(rdbeta)}
    ctx.expect_close("dbeta", dbeta, rdbeta, atol=1e-12, mistakes=sums)
    ctx.expect_close(
        "dgamma", dgamma, rdgamma, atol=1e-9 * float(np.max(np.abs(dout))), mistakes=mistakes
    )
    atol = dx_atol(dout, gamma, x.var(AXES), eps)
    ctx.expect_close("dx", dx, rdx, atol=atol, mistakes=mistakes)


@suite.prop(
    "gradient check: backward is the derivative of your forward",
    max_examples=10,
    shape=st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3), st.integers(1, 3)),
    seed=seeds,
)
def gradient_check(ctx: Ctx, shape, seed):
    if shape[0] * shape[2] * shape[3] == 1:
        shape = (2, *shape[1:])
    x, gamma, beta = _case(seed, shape, 1.0)
    dout = rng_array(seed + 5, shape)
    ctx.show(x=x, gamma=gamma, beta=beta, dout=dout)
    check_norm_gradients(
        ctx,
        "spatial_batchnorm_forward",
        "spatial_batchnorm_backward",
        (x, gamma, beta),
        dout,
        {"mode": "train"},
        _backward_models(x, gamma, 1e-5, dout),
    )


add_own_cache_property(
    suite,
    "spatial_batchnorm_forward",
    "spatial_batchnorm_backward",
    # At least three values per channel: with two, dx is only an eps-sized effect.
    backward_maps.map(lambda s: (3, *s[1:]) if s[0] * s[2] * s[3] < 3 else s),
    _case,
    ("bn_param", lambda eps: {"mode": "train", "eps": eps}),
    lambda x, gamma, eps, dout: (
        dx_atol(dout, gamma, x.var(AXES), eps),
        1e-9 * float(np.max(np.abs(dout))),
        1e-12,
    ),
)


# ----------------------------------------------------------------- invariants


@suite.prop(
    "train output has per-channel mean beta and std |gamma|",
    max_examples=15,
    shape=st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(2, 4), st.integers(1, 5)),
    seed=seeds,
    scale=st.sampled_from([1.0, 10.0, 1e3]),
)
def normalised_statistics(ctx: Ctx, shape, seed, scale):
    x, gamma, beta = _case(seed, shape, scale)
    ctx.show(x=x, gamma=gamma, beta=beta)
    out, _ = ctx.call("spatial_batchnorm_forward", x, gamma, beta, {"mode": "train"}, unpack=2)
    ctx.expect_array("out", out, x)
    var = x.var(AXES)
    ctx.expect_close("per-channel mean of out", out.mean(AXES), beta, atol=1e-9, what="is not beta")
    ctx.expect_close(
        "per-channel std of out",
        out.std(AXES),
        np.abs(gamma) * np.sqrt(var / (var + 1e-5)),
        rtol=1e-6,
        what="is not |gamma| (times sqrt(var / (var + eps)))",
    )


@suite.prop(
    "a constant channel gives finite output and gradients (no NaN)",
    max_examples=10,
    shape=maps,
    seed=seeds,
    value=st.sampled_from([0.0, 3.0, -1e3]),
)
def constant_channel(ctx: Ctx, shape, seed, value):
    x, gamma, beta = _case(seed, shape, 1.0)
    x[:, 0] = value
    dout = rng_array(seed + 3, shape)
    ctx.show(x=x, gamma=gamma, beta=beta, dout=dout)
    out, cache = ctx.call("spatial_batchnorm_forward", x, gamma, beta, {"mode": "train"}, unpack=2)
    expected, ref_cache = ctx.ref.spatial_batchnorm_forward(x, gamma, beta, {"mode": "train"})
    ctx.expect_close("out", out, expected, atol=1e-9)
    grads = ctx.call("spatial_batchnorm_backward", dout, cache, unpack=3)
    expected_grads = ctx.ref.spatial_batchnorm_backward(dout, ref_cache)
    atol = dx_atol(dout, gamma, x.var(AXES), 1e-5)
    for name, g, want in zip(("dx", "dgamma", "dbeta"), grads, expected_grads, strict=True):
        ctx.expect_close(name, g, want, atol=atol)


# ----------------------------------------------------------------- speed


@suite.speed("spatial_batchnorm_backward", size="N=32, C=64, H=W=16")
def _speed(impl, rng: np.random.Generator):
    shape = (32, 64, 16, 16)
    x, dout = rng.standard_normal(shape), rng.standard_normal(shape)
    _, cache = impl.spatial_batchnorm_forward(x, np.ones(64), np.zeros(64), {"mode": "train"})
    return lambda: impl.spatial_batchnorm_backward(dout, cache)
