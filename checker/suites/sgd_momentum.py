"""Hidden suite for the sgd_momentum drill (velocity form, CS231n update API)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import Ctx, Suite, as_layout, closeness, layouts, rng_array, scales, seeds
from checker.suites._layouts import note
from checker.suites._optim_common import check_step, step_atol, stored_state

suite = Suite()

shapes = st.lists(st.integers(1, 6), min_size=1, max_size=3).map(tuple)
rates = st.sampled_from([1e-2, 1e-3, 0.1, 1.0])
# 0.9 first so a shrunk failure shows the usual value; 0.0 reduces to plain SGD.
momenta = st.sampled_from([0.9, 0.5, 0.99, 0.0])

DEFAULTS = {"learning_rate": 1e-2, "momentum": 0.9}


def _case(seed: int, shape: tuple[int, ...], scale: float):
    rng = np.random.default_rng(seed)
    w = rng.standard_normal(shape) * scale
    dw = rng.standard_normal(shape) * scale
    return w, dw


# ----------------------------------------------------------------- models of known mistakes


def _step_mistakes(w, dw, v, lr, mu):
    """What each mistake adds to w (next_w - w), given the velocity it started from."""
    return {
        "exponentially weighted momentum instead of the velocity form": lambda: (
            -lr * (mu * v + (1 - mu) * dw)
        ),
        "velocity stored without the learning rate": lambda: -lr * (mu * v + dw),
        "Nesterov momentum instead of plain momentum": lambda: (
            -mu * v + (1 + mu) * (mu * v - lr * dw)
        ),
        "velocity subtracted from w": lambda: -(mu * v - lr * dw),
        "gradient added instead of subtracted": lambda: mu * v + lr * dw,
        "momentum applied to w instead of v": lambda: (mu - 1) * w - lr * dw,
        "learning rate applied twice": lambda: lr * (mu * v - lr * dw),
        "stored velocity ignored": lambda: -lr * dw,
    }


def _velocity_mistakes(dw, v, lr, mu, step=None, atol=0.0):
    """`step`: the user's next_w - w, which tells the two "+ lr * dw" mistakes apart."""

    def opposite_sign():
        # v = mu * v + lr * dw, then w - v: the contract's step, with the velocity kept
        # (and read back) with the opposite sign. "gradient added instead of
        # subtracted" stores the same v but adds it to w.
        flipped = mu * v + lr * dw
        if step is None or not closeness(step, -flipped, 1e-6, atol).ok:
            raise ValueError("the step is not w - v")
        return flipped

    return {
        "velocity not stored": lambda: v,
        "stored velocity ignored": lambda: -lr * dw,
        "exponentially weighted momentum instead of the velocity form": lambda: (
            mu * v + (1 - mu) * dw
        ),
        "velocity stored without the learning rate": lambda: mu * v + dw,
        "velocity stored with the opposite sign": opposite_sign,
        "gradient added instead of subtracted": lambda: mu * v + lr * dw,
    }


def _one_step(ctx: Ctx, shape, seed, scale, lr, mu, v0, layout: str = "C"):
    w, dw = _case(seed, shape, scale)
    config = {"learning_rate": lr, "momentum": mu}
    if v0 is not None:
        config["velocity"] = as_layout(v0, layout)
    w_in, dw_in = as_layout(w, layout), as_layout(dw, layout)
    ctx.show(w=w, dw=dw, config=dict(config), layout=note(w_in))
    next_w, new_config = ctx.call("sgd_momentum", w_in, dw_in, config, unpack=2, may_modify=(0,))
    ref_config = {"learning_rate": lr, "momentum": mu}
    if v0 is not None:
        ref_config["velocity"] = v0.copy()
    ref_w, ref_config = ctx.ref.sgd_momentum(w.copy(), dw, ref_config)
    v = np.zeros_like(w) if v0 is None else v0
    # The velocity first: from a fresh start "+ lr * dw in v" and "w - v" take the
    # same step, and only the stored velocity tells them apart.
    velocity = stored_state(ctx, "sgd_momentum", new_config, "velocity", w, "velocity not stored")
    step = None
    if isinstance(next_w, np.ndarray) and next_w.shape == w.shape:
        step = np.asarray(next_w, dtype=np.float64) - w
    ctx.expect_close(
        "config['velocity']",
        velocity,
        ref_config["velocity"],
        atol=1e-15,
        mistakes=_velocity_mistakes(dw, v, lr, mu, step, step_atol(w)),
    )
    check_step(ctx, w, next_w, ref_w, _step_mistakes(w, dw, v, lr, mu))


# ----------------------------------------------------------------- properties


@suite.prop(
    "one step from a fresh start: the step and the stored velocity",
    max_examples=30,
    shape=shapes,
    seed=seeds,
    scale=scales,
    lr=rates,
    mu=momenta,
    layout=layouts,
)
def fresh_step(ctx: Ctx, shape, seed, scale, lr, mu, layout):
    _one_step(ctx, shape, seed, scale, lr, mu, None, layout)


@suite.prop(
    "resuming from a stored velocity",
    max_examples=30,
    shape=shapes,
    seed=seeds,
    scale=scales,
    lr=rates,
    mu=momenta,
    layout=layouts,
)
def resumed_step(ctx: Ctx, shape, seed, scale, lr, mu, layout):
    v0 = rng_array(seed + 1, shape, lr * scale)
    _one_step(ctx, shape, seed, scale, lr, mu, v0, layout)


@suite.prop(
    "several steps in a row, feeding config back",
    max_examples=20,
    shape=shapes,
    seed=seeds,
    scale=scales,
    lr=rates,
    mu=momenta,
    steps=st.integers(2, 5),
)
def trajectory(ctx: Ctx, shape, seed, scale, lr, mu, steps):
    w0, _ = _case(seed, shape, scale)
    grads = [rng_array(seed + 10 + k, shape, scale) for k in range(steps)]
    ctx.show(w=w0, dws=grads, config={"learning_rate": lr, "momentum": mu})
    w, config = w0.copy(), {"learning_rate": lr, "momentum": mu}
    ref_w, ref_config = w0.copy(), {"learning_rate": lr, "momentum": mu}
    for dw in grads:
        w, config = ctx.call("sgd_momentum", w, dw, config, unpack=2, may_modify=(0,))
        ctx.expect_array("next_w", w, w0)
        ref_w, ref_config = ctx.ref.sgd_momentum(ref_w, dw, ref_config)
    plain = w0 - lr * sum(grads)
    ctx.expect_close(
        f"w after {steps} steps minus the starting w",
        w - w0,
        ref_w - w0,
        atol=step_atol(w0),
        mistakes={"velocity not stored": lambda: plain - w0},
    )
    velocity = stored_state(ctx, "sgd_momentum", config, "velocity", w0, "velocity not stored")
    ctx.expect_close(
        f"config['velocity'] after {steps} steps", velocity, ref_config["velocity"], atol=1e-15
    )


@suite.prop(
    "defaults: config=None means learning_rate 1e-2, momentum 0.9, zero velocity",
    max_examples=10,
    shape=shapes,
    seed=seeds,
    scale=st.sampled_from([1e-2, 1.0, 10.0]),
)
def defaults(ctx: Ctx, shape, seed, scale):
    w, dw = _case(seed, shape, scale)
    ctx.show(w=w, dw=dw, config=None)
    next_w, config = ctx.call("sgd_momentum", w.copy(), dw, None, unpack=2, may_modify=(0,))
    ref_w, ref_config = ctx.ref.sgd_momentum(w.copy(), dw, None)
    wrong_defaults = {
        "wrong default hyperparameter": lambda: -1e-3 * dw,
    }
    check_step(ctx, w, next_w, ref_w, wrong_defaults)
    velocity = stored_state(ctx, "sgd_momentum", config, "velocity", w, "velocity not stored")
    ctx.expect_close("config['velocity']", velocity, ref_config["velocity"], atol=1e-15)
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
    # A dict without the hyperparameters gets the same defaults (and keeps a given velocity).
    v0 = rng_array(seed + 3, shape, 1e-2 * scale)
    ctx.show(w=w, dw=dw, config={"velocity": v0})
    next_w, config = ctx.call(
        "sgd_momentum", w.copy(), dw, {"velocity": v0.copy()}, unpack=2, may_modify=(0,)
    )
    ref_w, _ = ctx.ref.sgd_momentum(w.copy(), dw, {"velocity": v0.copy()})
    check_step(ctx, w, next_w, ref_w, _step_mistakes(w, dw, v0, 1e-2, 0.9))


# ----------------------------------------------------------------- speed


@suite.speed("sgd_momentum", size="w of shape (256, 512)")
def _speed(impl, rng: np.random.Generator):
    w, dw = rng.standard_normal((256, 512)), rng.standard_normal((256, 512))
    config = {"velocity": rng.standard_normal((256, 512)) * 1e-2}
    return lambda: impl.sgd_momentum(w.copy(), dw, dict(config))
