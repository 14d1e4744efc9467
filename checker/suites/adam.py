"""Hidden suite for the adam drill (one Adam step, CS231n's config-dict interface).

The step next_w - w is compared rather than next_w itself: with weights of size
1e3 and a step of 1e-3, next_w would hide any error in the step below 1e-6.
Known mistakes are modelled by `_variant`, a deliberately wrong Adam that is run
over the same sequence of steps as the user's code, feeding back its own config.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import Ctx, Suite, as_layout, layouts, rng_array, scales, seeds
from checker.suites import _adam_common as common
from checker.suites._layouts import note

suite = Suite()

DEFAULTS = {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}
HYPER = tuple(DEFAULTS)
# Non-default values for configs that give some of the keys.
OTHER = {"learning_rate": 1e-2, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-6}

shapes = st.lists(st.integers(1, 5), min_size=1, max_size=4).map(tuple)
learning_rates = st.sampled_from([1e-3, 1e-2, 0.1, 1.0])
beta1s = st.sampled_from([0.9, 0.8, 0.5])
beta2s = st.sampled_from([0.999, 0.99, 0.95])
epsilons = st.sampled_from([1e-8, 1e-6])


# ----------------------------------------------------------------- models of known mistakes


def _variant(w, dw, config, kind: str = "right", defaults: dict | None = None):
    """One Adam step as the mistake `kind` computes it; returns (next_w, config)."""
    defaults = {**DEFAULTS, "t": 1 if kind == "t from 1" else 0, **(defaults or {})}
    cfg = dict(config or {})
    lr, b1, b2, eps = (cfg.get(k, defaults[k]) for k in HYPER)
    m0 = cfg.get("m", np.zeros_like(w))
    v0 = cfg.get("v", np.zeros_like(w))
    t0 = cfg.get("t", defaults["t"])
    if kind == "swap":
        b1, b2 = b2, b1
    t_used = t0 if kind in ("t stuck", "t late") else t0 + 1
    t_kept = t0 if kind in ("t stuck", "t unsaved") else t0 + 1
    m_prev, v_prev = (np.zeros_like(w), np.zeros_like(w)) if kind == "fresh" else (m0, v0)
    m = b1 * m_prev + (dw if kind == "no 1 - beta1" else (1 - b1) * dw)
    v = b2 * v_prev + (1 - b2) * (dw if kind == "raw" else dw * dw)
    c1, c2 = 1 - b1**t_used, 1 - b2**t_used
    if kind == "swap corrections":
        c1, c2 = c2, c1
    if kind == "no correction":
        c1 = c2 = 1.0
    if kind == "inside":
        step = lr * (m / c1) / np.sqrt(v / c2 + eps)
    elif kind == "folded":
        step = lr * np.sqrt(c2) / c1 * m / (np.sqrt(v) + eps)
    else:
        step = lr * (m / c1) / (np.sqrt(v / c2) + eps)
    if kind == "lr twice":
        step = lr * step
    next_w = {"sign": w + step, "old": w.copy()}.get(kind, w - step)
    if kind == "unsaved":
        m, v = m0, v0
    cfg.update(m=m, v=v, t=t_kept)
    for key in HYPER:
        cfg.setdefault(key, defaults[key])
    return next_w, cfg


KINDS = {
    "t not incremented": ("t stuck", "t unsaved"),
    "t off by one": ("t late", "t from 1"),
    "no bias correction": ("no correction",),
    "epsilon inside the square root": ("inside",),
    "moments not carried forward": ("fresh", "unsaved"),
    "beta1 and beta2 swapped": ("swap", "swap corrections"),
    "second moment of the raw gradient": ("raw",),
    "bias correction folded into the step size": ("folded",),
    "first moment missing (1 - beta1)": ("no 1 - beta1",),
    "learning rate applied twice": ("lr twice",),
    "old weights returned": ("old",),
    "step along the gradient": ("sign",),
}

# Each default off by one of the values people misremember, and counting t from 1.
WRONG_DEFAULTS = [
    {"learning_rate": 1e-2},
    {"learning_rate": 1e-4},
    {"learning_rate": 0.1},
    {"beta1": 0.99},
    {"beta1": 0.5},
    {"beta2": 0.99},
    {"beta2": 0.9},
    {"epsilon": 1e-7},
    {"epsilon": 1e-6},
    {"epsilon": 1e-5},
    {"epsilon": 1e-10},
]


def _mistakes(
    output: str, got, user_cfg, w0, dws, config, extra: dict | None = None
) -> dict[str, Callable]:
    """Mistake name -> what that mistake gives for `output` ("step", "m", "v" or "t").

    A form of a mistake counts only if it also leaves the step counter where
    the user's config has it, which tells "t not incremented" from "t off by one"
    when both divide by zero on a fresh config."""
    user_t = user_cfg.get("t") if isinstance(user_cfg, dict) else None
    # A property's own mistakes (`extra`) come first: on one step, a default
    # learning rate of 1e-2 and a first moment without (1 - beta1) coincide.
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
                values.append(w - w0 if output == "step" else np.asarray(cfg[output]))
            return common.closest(got, values)

        return build

    return {name: make(forms) for name, forms in groups.items()}


# ----------------------------------------------------------------- calling and judging


def _hyper(lr, b1, b2, eps) -> dict:
    return {"learning_rate": lr, "beta1": b1, "beta2": b2, "epsilon": eps}



def _run(w0, dws, config, kind: str = "right", defaults: dict | None = None):
    return common.run_model(_variant, w0, dws, config, kind, defaults)


def _steps(ctx: Ctx, w0, dws: list, config: dict | None, omit: bool = False, layout: str = "C"):
    return common.run_user(ctx, "adam", HYPER, w0, dws, config, omit, layout)


def _judge(ctx: Ctx, w0, dws, config, got_w, got_cfg, extra=None, state=True) -> None:
    def mistakes(output: str, got) -> dict[str, Callable]:
        return _mistakes(output, got, got_cfg, w0, dws, config, extra)

    common.judge(ctx, "adam", w0, dws, config, got_w, got_cfg, mistakes, state)


# ----------------------------------------------------------------- properties


@suite.prop(
    "one step from a fresh config: next_w matches the definition",
    max_examples=25,
    shape=shapes,
    seed=seeds,
    g_scale=scales,
    w_scale=scales,
    lr=learning_rates,
    b1=beta1s,
    b2=beta2s,
    eps=epsilons,
    layout=layouts,
)
def one_step(ctx: Ctx, shape, seed, g_scale, w_scale, lr, b1, b2, eps, layout):
    w, dw = common.case(seed, shape, g_scale, w_scale)
    config = {**_hyper(lr, b1, b2, eps), "m": np.zeros(shape), "v": np.zeros(shape), "t": 0}
    ctx.show(w=w, dw=dw, config=config, layout=note(as_layout(w, layout)))
    got_w, got_cfg = _steps(ctx, w, [dw], config, layout=layout)
    _judge(ctx, w, [dw], config, got_w, got_cfg, state=False)


@suite.prop(
    "one step: the returned config holds the updated m, v and t",
    max_examples=20,
    shape=shapes,
    seed=seeds,
    g_scale=scales,
    b1=beta1s,
    b2=beta2s,
)
def one_step_state(ctx: Ctx, shape, seed, g_scale, b1, b2):
    w, dw = common.case(seed, shape, g_scale)
    config = {**_hyper(1e-3, b1, b2, 1e-8), "m": np.zeros(shape), "v": np.zeros(shape), "t": 0}
    ctx.show(w=w, dw=dw, config=config)
    got_w, got_cfg = _steps(ctx, w, [dw], config)
    _judge(ctx, w, [dw], config, got_w, got_cfg)


@suite.prop(
    "resuming: a config with t = k and non-zero m, v makes this step use t = k + 1",
    max_examples=20,
    shape=shapes,
    seed=seeds,
    g_scale=scales,
    t=st.one_of(st.just(5), st.integers(1, 40)),
    lr=learning_rates,
    b1=beta1s,
    b2=beta2s,
    eps=epsilons,
    layout=layouts,
)
def resuming(ctx: Ctx, shape, seed, g_scale, t, lr, b1, b2, eps, layout):
    w, dw = common.case(seed, shape, g_scale)
    rng = np.random.default_rng(seed + 2)
    # Moments of the size a run with such gradients would have built up.
    m = rng.standard_normal(shape) * g_scale
    v = (rng.standard_normal(shape) * g_scale) ** 2 + rng.uniform(0.1, 1.0, shape) * g_scale**2
    config = {**_hyper(lr, b1, b2, eps), "m": m, "v": v, "t": t}
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
    b1=beta1s,
    b2=beta2s,
    eps=epsilons,
)
def several_steps(ctx: Ctx, shape, seed, g_scale, n_steps, lr, b1, b2, eps):
    w, _ = common.case(seed, shape, g_scale)
    # Gradients that keep a common direction plus noise, as in training.
    base = rng_array(seed + 3, shape, g_scale)
    dws = [base + rng_array(seed + 10 + k, shape, g_scale) for k in range(n_steps)]
    config = _hyper(lr, b1, b2, eps)
    ctx.show(w=w, gradients=f"{n_steps} steps, first dw: {dws[0].ravel()[:4]}", config=config)
    got_w, got_cfg = _steps(ctx, w, dws, config)
    _judge(ctx, w, dws, config, got_w, got_cfg)


@suite.prop(
    "defaults: config omitted, None, or with only some keys",
    max_examples=20,
    shape=shapes,
    seed=seeds,
    g_scale=scales,
    how=st.sampled_from(["omitted", "None", "some keys"]),
    given=st.sets(st.sampled_from(HYPER)),
    n_steps=st.integers(1, 3),
)
def defaults(ctx: Ctx, shape, seed, g_scale, how, given, n_steps):
    w, _ = common.case(seed, shape, g_scale)
    dws = [rng_array(seed + 10 + k, shape, g_scale) for k in range(n_steps)]
    config = {k: OTHER[k] for k in sorted(given)} if how == "some keys" else None
    shown = {"omitted": "(not passed)", "None": None}.get(how, config)
    ctx.show(w=w, dw=dws[0], steps=n_steps, config=shown)
    got_w, got_cfg = _steps(ctx, w, dws, config, omit=how == "omitted")
    extra = {
        "wrong default hyperparameter": [("right", d) for d in WRONG_DEFAULTS],
    }
    _judge(ctx, w, dws, config, got_w, got_cfg, extra=extra)


@suite.prop(
    "the first step moves every weight by about the learning rate, against its gradient",
    max_examples=12,
    shape=shapes,
    seed=seeds,
    g_scale=st.sampled_from([1e-2, 1.0, 1e3]),
    lr=learning_rates,
    b1=beta1s,
    b2=beta2s,
)
def first_step_size(ctx: Ctx, shape, seed, g_scale, lr, b1, b2):
    rng = np.random.default_rng(seed)
    w = rng.standard_normal(shape)
    # |dw| >= 0.5 g_scale >> epsilon, so each step is lr * dw / (|dw| + eps) = lr to 1e-5.
    dw = rng.choice([-1.0, 1.0], shape) * rng.uniform(0.5, 2.0, shape) * g_scale
    config = _hyper(lr, b1, b2, 1e-8)
    ctx.show(w=w, dw=dw, config=config)
    got_w, got_cfg = _steps(ctx, w, [dw], config)
    ctx.expect_close(
        "step",
        np.asarray(got_w) - w,
        -lr * np.sign(dw),
        rtol=1e-5,
        mistakes=_mistakes("step", np.asarray(got_w) - w, got_cfg, w, [dw], config),
        what="(next_w - w) is not -learning_rate * sign(dw)",
    )


# ----------------------------------------------------------------- speed


@suite.speed("adam", size="w of shape (512, 1024)")
def _speed(impl, rng: np.random.Generator):
    w, dw = rng.standard_normal((512, 1024)), rng.standard_normal((512, 1024))
    return lambda: impl.adam(w.copy(), dw, None)
