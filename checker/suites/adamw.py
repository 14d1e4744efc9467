"""Hidden suite for the adamw drill (one AdamW step, PyTorch's convention, CS231n's
config-dict interface).

The step next_w - w is compared rather than next_w itself: with weights of size
1e3 and a step of 1e-3, next_w would hide any error in the step below 1e-6.
Known mistakes are modelled by `_variant`, a deliberately wrong AdamW that is run
over the same sequence of steps as the user's code, feeding back its own config.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import Ctx, Suite, as_layout, closeness, layouts, rng_array, scales, seeds
from checker.suites import _adam_common as common
from checker.suites._layouts import note

suite = Suite()

DEFAULTS = {
    "learning_rate": 1e-3,
    "beta1": 0.9,
    "beta2": 0.999,
    "epsilon": 1e-8,
    "weight_decay": 1e-2,
}
HYPER = tuple(DEFAULTS)
# Non-default values for configs that give some of the keys.
OTHER = {"learning_rate": 1e-2, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-6, "weight_decay": 0.1}

shapes = st.lists(st.integers(1, 5), min_size=1, max_size=4).map(tuple)
learning_rates = st.sampled_from([1e-3, 1e-2, 0.1, 1.0])
beta1s = st.sampled_from([0.9, 0.8, 0.5])
beta2s = st.sampled_from([0.999, 0.99, 0.95])
epsilons = st.sampled_from([1e-8, 1e-6])
# 0.1 first: large enough that lr * weight_decay shows at every learning rate.
weight_decays = st.sampled_from([0.1, 1e-2, 0.5, 0.0])


# ----------------------------------------------------------------- models of known mistakes


def _variant(w, dw, config, kind: str = "right", defaults: dict | None = None):
    """One AdamW step as the mistake `kind` computes it; returns (next_w, config)."""
    defaults = {**DEFAULTS, "t": 1 if kind == "t from 1" else 0, **(defaults or {})}
    cfg = dict(config or {})
    lr, b1, b2, eps, wd = (cfg.get(k, defaults[k]) for k in HYPER)
    m0 = cfg.get("m", np.zeros_like(w))
    v0 = cfg.get("v", np.zeros_like(w))
    t0 = cfg.get("t", defaults["t"])
    if kind == "swap":
        b1, b2 = b2, b1
    t_used = t0 if kind in ("t stuck", "t late") else t0 + 1
    t_kept = t0 if kind in ("t stuck", "t unsaved") else t0 + 1
    m_prev, v_prev = (np.zeros_like(w), np.zeros_like(w)) if kind == "fresh" else (m0, v0)
    g = dw + wd * w if kind == "l2" else dw
    m = b1 * m_prev + (1 - b1) * g
    v = b2 * v_prev + (1 - b2) * g * g
    c1, c2 = (1.0, 1.0) if kind == "no correction" else (1 - b1**t_used, 1 - b2**t_used)
    m_hat, v_hat = m / c1, v / c2
    if kind == "inside":
        adam = m_hat / np.sqrt(v_hat + eps)
    elif kind == "scaled decay":
        adam = (m_hat + wd * w) / (np.sqrt(v_hat) + eps)
    else:
        adam = m_hat / (np.sqrt(v_hat) + eps)
    decay = 0.0 if kind in ("l2", "scaled decay", "no decay") else wd * w
    if kind == "decay without lr":
        next_w = w - lr * adam - wd * w
    elif kind == "decay after":
        next_w = (w - lr * adam) * (1 - lr * wd)
    else:
        next_w = w - lr * (adam + decay)
    if kind == "unsaved":
        m, v = m0, v0
    cfg.update(m=m, v=v, t=t_kept)
    for key in HYPER:
        cfg.setdefault(key, defaults[key])
    return next_w, cfg


KINDS = {
    "weight decay added to the gradient": ("l2", "scaled decay"),
    "decay not multiplied by the learning rate": ("decay without lr",),
    "decay applied to the updated weights": ("decay after",),
    "weight decay missing": ("no decay",),
    "t not incremented": ("t stuck", "t unsaved"),
    "t off by one": ("t late", "t from 1"),
    "no bias correction": ("no correction",),
    "epsilon inside the square root": ("inside",),
    "moments not carried forward": ("fresh", "unsaved"),
    "beta1 and beta2 swapped": ("swap",),
}

# The weight decays people put as the default instead of PyTorch's 0.01.
WRONG_DECAYS = [{"weight_decay": d} for d in (0.0, 1e-4, 5e-4, 1e-3, 0.1)]
# The other defaults, each off by one of the values people misremember.
WRONG_DEFAULTS = [
    {"learning_rate": 1e-2},
    {"learning_rate": 1e-4},
    {"beta1": 0.99},
    {"beta2": 0.99},
    {"beta2": 0.9},
    {"epsilon": 1e-7},
    {"epsilon": 1e-6},
]


def _same_state(user, model: np.ndarray) -> bool:
    """The user's stored array agrees with a model's (True when there is nothing to compare)."""
    if not isinstance(user, np.ndarray) or user.shape != model.shape:
        return True
    return closeness(user, model, 1e-6, 0.0).ok


def _mistakes(
    output: str, got, user_cfg, w0, dws, config, extra: dict | None = None
) -> dict[str, Callable]:
    """Mistake name -> what that mistake gives for `output` ("step", "m", "v" or "t").

    A form of a mistake counts only if it also leaves the step counter and the
    first moment where the user's config has them. The counter tells "t not
    incremented" from "t off by one" when both divide by zero on a fresh config;
    m tells Adam with L2 (the decay inside m) from Adam without any decay, whose
    first steps are both lr * sign(dw) when the decay does not flip a sign."""
    user_t = user_cfg.get("t") if isinstance(user_cfg, dict) else None
    user_m = user_cfg.get("m") if isinstance(user_cfg, dict) else None
    # A property's own mistakes (`extra`, the defaults) come first.
    groups = {name: list(forms) for name, forms in (extra or {}).items()}
    for name, kinds in KINDS.items():
        groups.setdefault(name, []).extend((kind, None) for kind in kinds)

    def make(forms: list) -> Callable[[], np.ndarray]:
        def build() -> np.ndarray:
            values = []
            for kind, defaults in forms:
                w, cfg = _run(w0, dws, config, kind, defaults)
                if user_t is not None and cfg["t"] != user_t:
                    continue
                if not _same_state(user_m, cfg["m"]):
                    continue
                values.append(w - w0 if output == "step" else np.asarray(cfg[output]))
            return common.closest(got, values)

        return build

    return {name: make(forms) for name, forms in groups.items()}


# ----------------------------------------------------------------- calling and judging


def _hyper(lr, b1, b2, eps, wd) -> dict:
    return {"learning_rate": lr, "beta1": b1, "beta2": b2, "epsilon": eps, "weight_decay": wd}



def _run(w0, dws, config, kind: str = "right", defaults: dict | None = None):
    return common.run_model(_variant, w0, dws, config, kind, defaults)


def _steps(ctx: Ctx, w0, dws: list, config: dict | None, omit: bool = False, layout: str = "C"):
    return common.run_user(ctx, "adamw", HYPER, w0, dws, config, omit, layout)


def _judge(ctx: Ctx, w0, dws, config, got_w, got_cfg, extra=None, state=True) -> None:
    def mistakes(output: str, got) -> dict[str, Callable]:
        return _mistakes(output, got, got_cfg, w0, dws, config, extra)

    common.judge(ctx, "adamw", w0, dws, config, got_w, got_cfg, mistakes, state)


# ----------------------------------------------------------------- properties


@suite.prop(
    "one step from a fresh config: next_w matches the definition",
    max_examples=25,
    shape=shapes,
    seed=seeds,
    g_scale=scales,
    w_scale=scales,
    lr=learning_rates,
    wd=weight_decays,
    b1=beta1s,
    b2=beta2s,
    eps=epsilons,
    layout=layouts,
)
def one_step(ctx: Ctx, shape, seed, g_scale, w_scale, lr, wd, b1, b2, eps, layout):
    w, dw = common.case(seed, shape, g_scale, w_scale)
    config = {**_hyper(lr, b1, b2, eps, wd), "m": np.zeros(shape), "v": np.zeros(shape), "t": 0}
    ctx.show(w=w, dw=dw, config=config, layout=note(as_layout(w, layout)))
    got_w, got_cfg = _steps(ctx, w, [dw], config, layout=layout)
    _judge(ctx, w, [dw], config, got_w, got_cfg, state=False)


@suite.prop(
    "one step: the returned config holds the updated m, v and t",
    max_examples=12,
    shape=shapes,
    seed=seeds,
    g_scale=scales,
    w_scale=scales,
    wd=weight_decays,
    b1=beta1s,
    b2=beta2s,
)
def one_step_state(ctx: Ctx, shape, seed, g_scale, w_scale, wd, b1, b2):
    w, dw = common.case(seed, shape, g_scale, w_scale)
    zeros = {"m": np.zeros(shape), "v": np.zeros(shape), "t": 0}
    config = {**_hyper(1e-3, b1, b2, 1e-8, wd), **zeros}
    ctx.show(w=w, dw=dw, config=config)
    got_w, got_cfg = _steps(ctx, w, [dw], config)
    _judge(ctx, w, [dw], config, got_w, got_cfg)


@suite.prop(
    "resuming: a config with t = k and non-zero m, v makes this step use t = k + 1",
    max_examples=20,
    shape=shapes,
    seed=seeds,
    g_scale=scales,
    w_scale=scales,
    t=st.one_of(st.just(5), st.integers(1, 40)),
    lr=learning_rates,
    wd=weight_decays,
    b1=beta1s,
    b2=beta2s,
    eps=epsilons,
    layout=layouts,
)
def resuming(ctx: Ctx, shape, seed, g_scale, w_scale, t, lr, wd, b1, b2, eps, layout):
    w, dw = common.case(seed, shape, g_scale, w_scale)
    rng = np.random.default_rng(seed + 2)
    # Moments of the size a run with such gradients would have built up.
    m = rng.standard_normal(shape) * g_scale
    v = (rng.standard_normal(shape) * g_scale) ** 2 + rng.uniform(0.1, 1.0, shape) * g_scale**2
    config = {**_hyper(lr, b1, b2, eps, wd), "m": m, "v": v, "t": t}
    ctx.show(w=w, dw=dw, config=config, layout=note(as_layout(w, layout)))
    got_w, got_cfg = _steps(ctx, w, [dw], config, layout=layout)
    _judge(ctx, w, [dw], config, got_w, got_cfg)


@suite.prop(
    "several steps, feeding the returned config back in, match the definition",
    max_examples=15,
    shape=shapes,
    seed=seeds,
    g_scale=scales,
    n_steps=st.integers(2, 6),
    lr=learning_rates,
    wd=weight_decays,
    b1=beta1s,
    b2=beta2s,
    eps=epsilons,
)
def several_steps(ctx: Ctx, shape, seed, g_scale, n_steps, lr, wd, b1, b2, eps):
    w = rng_array(seed, shape)
    # Gradients that keep a common direction plus noise, as in training.
    base = rng_array(seed + 3, shape, g_scale)
    dws = [base + rng_array(seed + 10 + k, shape, g_scale) for k in range(n_steps)]
    config = _hyper(lr, b1, b2, eps, wd)
    ctx.show(w=w, gradients=f"{n_steps} steps, first dw: {dws[0].ravel()[:4]}", config=config)
    got_w, got_cfg = _steps(ctx, w, dws, config)
    _judge(ctx, w, dws, config, got_w, got_cfg)


@suite.prop(
    "defaults: config omitted, None, or with only some keys (weight_decay 0.01)",
    max_examples=20,
    shape=shapes,
    seed=seeds,
    g_scale=scales,
    how=st.sampled_from(["omitted", "None", "some keys"]),
    given=st.sets(st.sampled_from(HYPER)),
    n_steps=st.integers(1, 3),
)
def defaults(ctx: Ctx, shape, seed, g_scale, how, given, n_steps):
    # Weights of size 100: the default decay then moves them by 1e-3, as much as
    # the Adam term, so a wrong default decay shows.
    w = rng_array(seed, shape, 100.0)
    dws = [rng_array(seed + 10 + k, shape, g_scale) for k in range(n_steps)]
    config = {k: OTHER[k] for k in sorted(given)} if how == "some keys" else None
    shown = {"omitted": "(not passed)", "None": None}.get(how, config)
    ctx.show(w=w, dw=dws[0], steps=n_steps, config=shown)
    got_w, got_cfg = _steps(ctx, w, dws, config, omit=how == "omitted")
    extra = {
        "wrong default weight decay": [("right", d) for d in WRONG_DECAYS],
        "wrong default hyperparameter": [("right", d) for d in WRONG_DEFAULTS],
    }
    _judge(ctx, w, dws, config, got_w, got_cfg, extra=extra)


@suite.prop(
    "a zero gradient: the step is the decay alone, -learning_rate * weight_decay * w",
    max_examples=8,
    shape=shapes,
    seed=seeds,
    w_scale=scales,
    lr=learning_rates,
    wd=st.sampled_from([0.1, 1e-2, 0.5]),
)
def decay_alone(ctx: Ctx, shape, seed, w_scale, lr, wd):
    w = rng_array(seed, shape, w_scale)
    dw = np.zeros(shape)
    config = _hyper(lr, 0.9, 0.999, 1e-8, wd)
    ctx.show(w=w, dw=dw, config=config)
    got_w, got_cfg = _steps(ctx, w, [dw], config)
    step = np.asarray(got_w) - w
    ctx.expect_close(
        "step",
        step,
        -lr * wd * w,
        atol=common.step_atol(w, 1),
        mistakes=_mistakes("step", step, got_cfg, w, [dw], config),
        what="(next_w - w) is not -learning_rate * weight_decay * w",
    )


@suite.prop(
    "decoupled: m and v depend on dw alone, not on the weights",
    max_examples=8,
    shape=shapes,
    seed=seeds,
    g_scale=scales,
    w_scale=st.sampled_from([1.0, 10.0, 1e3]),
    wd=st.sampled_from([0.1, 1e-2, 0.5]),
)
def moments_ignore_w(ctx: Ctx, shape, seed, g_scale, w_scale, wd):
    w, dw = common.case(seed, shape, g_scale, w_scale)
    config = _hyper(1e-3, 0.9, 0.999, 1e-8, wd)
    ctx.show(w=w, dw=dw, config=config)
    _, got_cfg = _steps(ctx, w, [dw], config)
    ctx.expect(
        isinstance(got_cfg, dict) and "m" in got_cfg and "v" in got_cfg,
        "adamw must return (next_w, config) with the updated 'm' and 'v' in config",
    )
    # After one step from zero moments, whatever w and weight_decay are.
    for key, want, formula in (
        ("m", (1 - 0.9) * dw, "(1 - beta1) * dw"),
        ("v", (1 - 0.999) * dw * dw, "(1 - beta2) * dw**2"),
    ):
        ctx.expect_close(
            f"config['{key}']",
            got_cfg[key],
            want,
            mistakes=_mistakes(key, got_cfg[key], got_cfg, w, [dw], config),
            what=f"after one step from zero is not {formula} (the decay must stay out of it)",
        )


# ----------------------------------------------------------------- speed


@suite.speed("adamw", size="w of shape (512, 1024)")
def _speed(impl, rng: np.random.Generator):
    w, dw = rng.standard_normal((512, 1024)), rng.standard_normal((512, 1024))
    return lambda: impl.adamw(w.copy(), dw, None)
