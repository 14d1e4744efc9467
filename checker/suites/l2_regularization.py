"""Hidden suite for the l2_regularization drill: (lambda / 2m) sum ||W||^2 over W keys."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import Ctx, Suite, as_layout, layouts, scales, seeds
from checker.suites._layouts import note

suite = Suite()

# d0, d1, ..., dL. d0 >= 2 gives W1 at least two entries: for a single weight
# |w| = sqrt(w^2), and an L1 penalty could not be told from an unsquared norm.
layer_sizes = st.tuples(st.integers(2, 5), st.lists(st.integers(1, 5), min_size=1, max_size=3)).map(
    lambda t: [t[0], *t[1]]
)
lambdas = st.sampled_from([0.7, 0.1, 5.0, 1e-3])
batch_sizes = st.sampled_from([1, 10, 64, 3, 256])


def _network(seed: int, sizes: list[int], scale: float, batchnorm: bool):
    """params and data gradients of a fully connected net, W1/b1 ... WL/bL, with
    batch-norm gamma/beta on the hidden layers when asked."""
    rng = np.random.default_rng(seed)
    params: dict[str, np.ndarray] = {}
    for layer, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True), start=1):
        params[f"W{layer}"] = rng.standard_normal((fan_in, fan_out)) * scale
        params[f"b{layer}"] = rng.standard_normal(fan_out) * scale
        if batchnorm and layer < len(sizes) - 1:
            params[f"gamma{layer}"] = 1 + rng.standard_normal(fan_out) * scale
            params[f"beta{layer}"] = rng.standard_normal(fan_out) * scale
    grads = {k: rng.standard_normal(v.shape) * scale for k, v in params.items()}
    return params, grads


def _weights(params) -> list[str]:
    return [k for k in params if k.startswith("W")]


def _copy(d):
    return {k: v.copy() for k, v in d.items()}


def _laid(d, layout: str):
    """A copy of the dict with every array in `layout` (same values)."""
    return {k: as_layout(v, layout) for k, v in d.items()}


# ----------------------------------------------------------------- models of known mistakes


def _penalty_mistakes(params, data_loss, lam, m):
    ws = [params[k] for k in _weights(params)]
    squares = sum(float(np.sum(w**2)) for w in ws)
    everything = sum(float(np.sum(v**2)) for v in params.values())
    return {
        "data loss not added": lambda: lam / (2 * m) * squares - data_loss,
        "biases (or other non-W parameters) penalised": lambda: lam / (2 * m) * everything,
        "biases (or other non-W parameters) penalised#only b": lambda: (
            lam / (2 * m) * (squares + _squares(params, "b"))
        ),
        "biases (or other non-W parameters) penalised#gamma and beta": lambda: (
            lam / (2 * m) * (squares + _squares(params, "gamma") + _squares(params, "beta"))
        ),
        "biases (or other non-W parameters) penalised#W and gamma": lambda: (
            lam / (2 * m) * (squares + _squares(params, "gamma"))
        ),
        "penalty not divided by m": lambda: lam / 2 * squares,
        "penalty missing the 1/2": lambda: lam / m * squares,
        "L1 penalty instead of L2": lambda: lam / (2 * m) * sum(np.sum(np.abs(w)) for w in ws),
        "mean of squares instead of sum": lambda: lam / (2 * m) * sum(np.mean(w**2) for w in ws),
        "norm not squared": lambda: lam / (2 * m) * sum(np.sqrt(np.sum(w**2)) for w in ws),
        "only the last weight matrix penalised": lambda: lam / (2 * m) * np.sum(ws[-1] ** 2),
    }


def _squares(params, prefix: str) -> float:
    return sum(float(np.sum(v**2)) for k, v in params.items() if k.startswith(prefix))


def _grad_mistakes(key, params, grads, lam, m):
    w, g = params[key], grads[key]
    if not key.startswith("W"):
        return {"biases (or other non-W parameters) penalised": lambda: g + lam / m * w}
    return {
        "gradient uses lambda / 2m": lambda: g + lam / (2 * m) * w,
        "gradient 2 * lambda / m * W": lambda: g + 2 * lam / m * w,
        "penalty not divided by m": lambda: g + lam * w,
        "L1 penalty instead of L2": lambda: g + lam / (2 * m) * np.sign(w),
        "weight decay with the wrong sign": lambda: g - lam / m * w,
        "only the last weight matrix penalised": lambda: g,
    }


def _call(ctx: Ctx, data_loss, grads, params, lam, m):
    result = ctx.call("l2_loss_and_grad", data_loss, grads, params, lam, m, unpack=2)
    loss, new_grads = result
    ctx.expect(
        isinstance(new_grads, dict),
        f"new_grads must be a dict, got {type(new_grads).__name__}",
        kind="wrong_shape",
    )
    return loss, new_grads


def _check_grads(ctx: Ctx, new_grads, ref_grads, params, grads, lam, m) -> None:
    for key in grads:
        ctx.expect(
            key in new_grads,
            f"new_grads has no entry '{key}': return a gradient for every key of grads",
            kind="wrong_shape",
        )
        scale = float(np.max(np.abs(grads[key]))) + lam / m * float(np.max(np.abs(params[key])))
        ctx.expect_close(
            f"new_grads['{key}']",
            new_grads[key],
            ref_grads[key],
            atol=1e-12 * scale,
            mistakes=_grad_mistakes(key, params, grads, lam, m),
        )


# ----------------------------------------------------------------- properties


@suite.prop(
    "the penalty loss - data_loss is (lambda / 2m) * sum of squared weights",
    max_examples=25,
    sizes=layer_sizes,
    seed=seeds,
    scale=scales,
    lam=lambdas,
    m=batch_sizes,
    batchnorm=st.booleans(),
    layout=layouts,
)
def penalty(ctx: Ctx, sizes, seed, scale, lam, m, batchnorm, layout):
    params, grads = _network(seed, sizes, scale, batchnorm)
    data_loss = float(np.random.default_rng(seed + 1).uniform(0.1, 3.0)) * scale**2
    p_in, g_in = _laid(params, layout), _laid(grads, layout)
    ctx.show(
        data_loss=data_loss, grads=grads, params=params, lambd=lam, m=m, layout=note(p_in["W1"])
    )
    loss, _ = _call(ctx, data_loss, g_in, p_in, lam, m)
    ref_loss, _ = ctx.ref.l2_loss_and_grad(data_loss, _copy(grads), _copy(params), lam, m)
    ctx.expect(
        np.ndim(loss) == 0,
        f"loss must be a single number, got an array of shape {np.shape(loss)}",
        kind="wrong_shape",
    )
    ctx.expect_close(
        "loss - data_loss (the penalty)",
        np.float64(loss) - data_loss,
        ref_loss - data_loss,
        atol=1e-15 * data_loss,
        mistakes=_penalty_mistakes(params, data_loss, lam, m),
    )


@suite.prop(
    "gradients: dW + (lambda / m) * W for weights, unchanged for everything else",
    max_examples=25,
    sizes=layer_sizes,
    seed=seeds,
    scale=scales,
    lam=lambdas,
    m=batch_sizes,
    batchnorm=st.booleans(),
    layout=layouts,
)
def gradients(ctx: Ctx, sizes, seed, scale, lam, m, batchnorm, layout):
    params, grads = _network(seed, sizes, scale, batchnorm)
    p_in, g_in = _laid(params, layout), _laid(grads, layout)
    ctx.show(data_loss=1.0, grads=grads, params=params, lambd=lam, m=m, layout=note(p_in["W1"]))
    _, new_grads = _call(ctx, 1.0, g_in, p_in, lam, m)
    _, ref_grads = ctx.ref.l2_loss_and_grad(1.0, _copy(grads), _copy(params), lam, m)
    _check_grads(ctx, new_grads, ref_grads, params, grads, lam, m)


@suite.prop(
    "lambda = 0 gives back the data loss and gradients",
    max_examples=8,
    sizes=layer_sizes,
    seed=seeds,
    m=batch_sizes,
)
def no_regularisation(ctx: Ctx, sizes, seed, m):
    params, grads = _network(seed, sizes, 1.0, True)
    ctx.show(data_loss=1.5, grads=grads, params=params, lambd=0.0, m=m)
    loss, new_grads = _call(ctx, 1.5, _copy(grads), _copy(params), 0.0, m)
    ctx.expect_close("loss", loss, np.float64(1.5), what="should equal data_loss when lambd = 0")
    _check_grads(ctx, new_grads, grads, params, grads, 0.0, m)


@suite.prop(
    "gradient check: your gradients are the derivative of your loss",
    max_examples=6,
    sizes=st.lists(st.integers(1, 3), min_size=2, max_size=3),
    seed=seeds,
    lam=st.sampled_from([0.7, 5.0]),
    m=st.sampled_from([1, 3, 10]),
)
def gradient_check(ctx: Ctx, sizes, seed, lam, m):
    params, grads = _network(seed, sizes, 1.0, True)
    ctx.show(data_loss=1.0, grads=grads, params=params, lambd=lam, m=m)
    _, new_grads = _call(ctx, 1.0, _copy(grads), _copy(params), lam, m)
    for key in grads:
        ctx.expect(key in new_grads, f"new_grads has no entry '{key}'", kind="wrong_shape")

        def loss_of(value, key=key):
            trial = {**_copy(params), key: value}
            loss, _ = _call(ctx, 1.0, _copy(grads), trial, lam, m)
            return float(loss)

        got = np.asarray(new_grads[key], dtype=np.float64)
        ctx.grad_check(
            f"new_grads['{key}'] - grads['{key}']",
            loss_of,
            params[key],
            got - grads[key] if got.shape == grads[key].shape else got,
            mistakes={
                name: (lambda make=make, key=key: make() - grads[key])
                for name, make in _grad_mistakes(key, params, grads, lam, m).items()
            },
        )


@suite.prop(
    "params and grads are left unchanged (dicts and arrays)",
    max_examples=8,
    sizes=layer_sizes,
    seed=seeds,
    batchnorm=st.booleans(),
)
def inputs_unchanged(ctx: Ctx, sizes, seed, batchnorm):
    params, grads = _network(seed, sizes, 1.0, batchnorm)
    ctx.show(data_loss=1.0, grads=grads, params=params, lambd=0.7, m=10)
    p_in, g_in = _copy(params), _copy(grads)
    _, new_grads = _call(ctx, 1.0, g_in, p_in, 0.7, 10)
    for name, given, original in (("params", p_in, params), ("grads", g_in, grads)):
        ctx.expect(
            sorted(given) == sorted(original),
            f"l2_loss_and_grad changed the keys of {name}: it must leave the dict alone",
        )
        for key, value in original.items():
            ctx.expect(
                given[key] is not None and np.array_equal(given[key], value),
                f"l2_loss_and_grad changed {name}['{key}'] (in place, or by storing a new array "
                "in the dict you were given); build new arrays in a new dict",
            )
    ctx.expect(
        new_grads is not g_in,
        "new_grads is the grads dict you were given: return a new dict and leave grads alone",
    )
