"""Hidden suite for the rmsprop drill (epsilon outside the root, no bias correction)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import Ctx, Suite, as_layout, layouts, rng_array, scales, seeds
from checker.suites._layouts import note
from checker.suites._optim_common import check_step, step_atol, stored_state

suite = Suite()

shapes = st.lists(st.integers(1, 6), min_size=1, max_size=3).map(tuple)
rates = st.sampled_from([1e-2, 1e-3, 1e-1])
# No 0.5: with it, "decay_rate on the wrong term" would give the right answer.
decays = st.sampled_from([0.99, 0.9, 0.999, 0.8])
epsilons = st.sampled_from([1e-8, 1e-6, 1e-4])

DEFAULTS = {"learning_rate": 1e-2, "decay_rate": 0.99, "epsilon": 1e-8}


def _case(seed: int, shape: tuple[int, ...], scale: float):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(shape) * scale, rng.standard_normal(shape) * scale


# ----------------------------------------------------------------- models of known mistakes


def _cache_mistakes(dw, c, d):
    return {
        "cache not stored": lambda: c,
        "stored cache ignored": lambda: (1 - d) * dw**2,
        "gradient not squared in the cache": lambda: d * c + (1 - d) * dw,
        "decay_rate weights the new gradient": lambda: (1 - d) * c + d * dw**2,
    }


def _step_mistakes(dw, c, lr, d, eps):
    """What each mistake adds to w (next_w - w), given the cache it started from."""
    new = d * c + (1 - d) * dw**2
    return {
        "epsilon inside the square root": lambda: -lr * dw / np.sqrt(new + eps),
        "bias correction added (that is Adam)": lambda: -lr * dw / (np.sqrt(new / (1 - d)) + eps),
        "square root missing": lambda: -lr * dw / (new + eps),
        "step uses the old cache": lambda: -lr * dw / (np.sqrt(c) + eps),
        "gradient not squared in the cache": lambda: (
            -lr * dw / (np.sqrt(d * c + (1 - d) * dw) + eps)
        ),
        "decay_rate weights the new gradient": lambda: (
            -lr * dw / (np.sqrt((1 - d) * c + d * dw**2) + eps)
        ),
        "stored cache ignored": lambda: -lr * dw / (np.sqrt((1 - d) * dw**2) + eps),
    }


def _one_step(ctx: Ctx, shape, seed, scale, lr, d, eps, c0, layout: str = "C"):
    w, dw = _case(seed, shape, scale)

    def fresh_config(laid: str = "C"):
        config = {"learning_rate": lr, "decay_rate": d, "epsilon": eps}
        if c0 is not None:
            config["cache"] = as_layout(c0, laid)
        return config

    w_in, dw_in, config_in = as_layout(w, layout), as_layout(dw, layout), fresh_config(layout)
    ctx.show(w=w, dw=dw, config=fresh_config(), layout=note(w_in))
    next_w, config = ctx.call("rmsprop", w_in, dw_in, config_in, unpack=2, may_modify=(0,))
    ref_w, ref_config = ctx.ref.rmsprop(w.copy(), dw, fresh_config())
    c = np.zeros_like(w) if c0 is None else c0
    cache = stored_state(ctx, "rmsprop", config, "cache", w, "cache not stored")
    ctx.expect_close(
        "config['cache']", cache, ref_config["cache"], mistakes=_cache_mistakes(dw, c, d)
    )
    check_step(ctx, w, next_w, ref_w, _step_mistakes(dw, c, lr, d, eps))


# ----------------------------------------------------------------- properties


@suite.prop(
    "one step from a fresh start: the stored cache and the step",
    max_examples=30,
    shape=shapes,
    seed=seeds,
    scale=scales,
    lr=rates,
    d=decays,
    eps=epsilons,
    layout=layouts,
)
def fresh_step(ctx: Ctx, shape, seed, scale, lr, d, eps, layout):
    _one_step(ctx, shape, seed, scale, lr, d, eps, None, layout)


@suite.prop(
    "resuming from a stored cache",
    max_examples=30,
    shape=shapes,
    seed=seeds,
    scale=scales,
    lr=rates,
    d=decays,
    eps=epsilons,
    layout=layouts,
)
def resumed_step(ctx: Ctx, shape, seed, scale, lr, d, eps, layout):
    c0 = rng_array(seed + 1, shape, scale) ** 2
    _one_step(ctx, shape, seed, scale, lr, d, eps, c0, layout)


@suite.prop(
    "several steps in a row, feeding config back",
    max_examples=20,
    shape=shapes,
    seed=seeds,
    scale=scales,
    lr=rates,
    d=decays,
    steps=st.integers(2, 5),
)
def trajectory(ctx: Ctx, shape, seed, scale, lr, d, steps):
    w0, _ = _case(seed, shape, scale)
    grads = [rng_array(seed + 10 + k, shape, scale) for k in range(steps)]
    start = {"learning_rate": lr, "decay_rate": d}
    ctx.show(w=w0, dws=grads, config=start)
    w, config = w0.copy(), dict(start)
    ref_w, ref_config = w0.copy(), dict(start)
    for dw in grads:
        w, config = ctx.call("rmsprop", w, dw, config, unpack=2, may_modify=(0,))
        ctx.expect_array("next_w", w, w0)
        ref_w, ref_config = ctx.ref.rmsprop(ref_w, dw, ref_config)
    cache = stored_state(ctx, "rmsprop", config, "cache", w0, "cache not stored")
    ctx.expect_close(f"config['cache'] after {steps} steps", cache, ref_config["cache"])
    ctx.expect_close(
        f"w after {steps} steps minus the starting w",
        w - w0,
        ref_w - w0,
        atol=step_atol(w0),
    )


@suite.prop(
    "defaults: config=None means learning_rate 1e-2, decay_rate 0.99, epsilon 1e-8",
    max_examples=10,
    shape=shapes,
    seed=seeds,
    scale=st.sampled_from([1e-4, 1e-2, 1.0]),
)
def defaults(ctx: Ctx, shape, seed, scale):
    w, dw = _case(seed, shape, scale)
    ctx.show(w=w, dw=dw, config=None)
    next_w, config = ctx.call("rmsprop", w.copy(), dw, None, unpack=2, may_modify=(0,))
    ref_w, ref_config = ctx.ref.rmsprop(w.copy(), dw, None)
    zeros = np.zeros_like(w)
    cache = stored_state(ctx, "rmsprop", config, "cache", w, "cache not stored")
    wrong_default = {"wrong default hyperparameter": lambda: 0.1 * dw**2}
    ctx.expect_close("config['cache']", cache, ref_config["cache"], mistakes=wrong_default)
    step_mistakes = _step_mistakes(dw, zeros, 1e-2, 0.99, 1e-8)
    step_mistakes["wrong default hyperparameter"] = lambda: -1e-3 * dw / (np.abs(dw) * 0.1 + 1e-8)
    check_step(ctx, w, next_w, ref_w, step_mistakes)
    for key, value in DEFAULTS.items():
        ctx.expect(
            key in config,
            f"the returned config has no '{key}': store the value used, default included "
            f"(config.setdefault('{key}', {value:g})), so the caller can see it",
        )
        ctx.expect(
            config[key] == value,
            f"config['{key}'] should hold the default {value:g} when the caller gave none, "
            f"got {config[key]!r}",
            mistake=ctx.mistakes.get("wrong default hyperparameter"),
        )
    # A dict with only a cache gets the same defaults and resumes from the cache.
    c0 = rng_array(seed + 3, shape, scale) ** 2
    ctx.show(w=w, dw=dw, config={"cache": c0})
    next_w, config = ctx.call(
        "rmsprop", w.copy(), dw, {"cache": c0.copy()}, unpack=2, may_modify=(0,)
    )
    ref_w, _ = ctx.ref.rmsprop(w.copy(), dw, {"cache": c0.copy()})
    check_step(ctx, w, next_w, ref_w, _step_mistakes(dw, c0, 1e-2, 0.99, 1e-8))


# ----------------------------------------------------------------- speed


@suite.speed("rmsprop", size="w of shape (256, 512)")
def _speed(impl, rng: np.random.Generator):
    w, dw = rng.standard_normal((256, 512)), rng.standard_normal((256, 512))
    config = {"cache": rng.standard_normal((256, 512)) ** 2}
    return lambda: impl.rmsprop(w.copy(), dw, dict(config))
