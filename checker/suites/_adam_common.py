"""Calling and judging shared by the adam and adamw suites (CS231n's config-dict
interface): run the user's step over a sequence of gradients, feeding its config
back, and compare the step and the stored moments with the reference's.

Each suite keeps its own models of known mistakes; it hands `judge` a function
that builds them for one output ("step", "m", "v" or "t")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from checker.suitekit import Ctx, as_layout, closeness, rng_array

Mistakes = Callable[[str, Any], dict[str, Callable[[], np.ndarray]]]


def copy_config(config: dict | None) -> dict | None:
    if config is None:
        return None
    return {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in config.items()}


def run_model(variant: Callable, w0, dws, config, kind: str = "right", defaults=None):
    """A model of the optimiser (`variant`, right or mistaken) over `dws`; returns (w, config)."""
    w, cfg = w0.copy(), copy_config(config)
    for dw in dws:
        w, cfg = variant(w, dw, cfg, kind, defaults)
    return w, cfg


def closest(got, candidates: list) -> np.ndarray:
    """The candidate output nearest to what the user returned."""
    if not candidates:
        raise ValueError("no candidate")
    got = np.asarray(got, dtype=np.float64)
    return min(candidates, key=lambda c: closeness(got, c, 1e-6, 0.0).max_rel_error)


def case(seed: int, shape: tuple, g_scale: float, w_scale: float = 1.0):
    """Weights and a gradient of `shape`, at their own scales."""
    return rng_array(seed, shape, w_scale), rng_array(seed + 1, shape, g_scale)


def _holds(cfg, key: str, value: float) -> bool:
    return isinstance(cfg, dict) and key in cfg and cfg[key] == value


def run_user(
    ctx: Ctx,
    function: str,
    hyper: tuple[str, ...],
    w0: np.ndarray,
    dws: list,
    config: dict | None,
    omit: bool = False,
    layout: str = "C",
):
    """Run the user's `function` over `dws`, feeding its config back; returns
    (w, config). w, the gradients and the arrays in config are passed in `layout`;
    `omit` leaves the config out of the first call (the defaults' test)."""
    w, cfg = as_layout(w0, layout), copy_config(config)
    if cfg is not None:
        cfg = {k: as_layout(v, layout) if isinstance(v, np.ndarray) else v for k, v in cfg.items()}
    for dw in dws:
        dw = as_layout(dw, layout)
        args = (w, dw) if omit else (w, dw, cfg)
        w, cfg = ctx.call(function, *args, unpack=2, may_modify=(0,))
        ctx.expect_array("next_w", w, w0)
        lost = [k for k in hyper if k in (config or {}) and not _holds(cfg, k, config[k])]
        ctx.expect(
            not lost,
            f"the returned config lost {', '.join(repr(k) for k in lost)}: the caller passes "
            "it back in, so the next step would silently use the default instead",
        )
        omit = False
    return w, cfg


def step_atol(w0, n_steps: int) -> float:
    # next_w - w carries the rounding of next_w itself, about one ulp of |w| per
    # step, which matters when a small step is taken from large weights.
    return 1e-14 * n_steps * float(np.max(np.abs(w0)))


def judge(
    ctx: Ctx,
    function: str,
    w0,
    dws,
    config,
    got_w,
    got_cfg,
    mistakes: Mistakes,
    state: bool = True,
) -> None:
    """Compare the step, then (with `state`) m, v and t, with the reference's
    `function` run over the same steps."""
    reference = getattr(ctx.ref, function)
    ref_w, ref_cfg = w0.copy(), copy_config(config)
    for dw in dws:
        ref_w, ref_cfg = reference(ref_w.copy(), dw.copy(), ref_cfg)

    step = np.asarray(got_w) - w0
    ctx.expect_close(
        "step",
        step,
        ref_w - w0,
        rtol=1e-6,
        atol=step_atol(w0, len(dws)),
        mistakes=mistakes("step", step),
        what="(next_w - w) does not match the definition",
    )
    if not state:
        return
    ctx.expect(
        isinstance(got_cfg, dict),
        f"{function} must return (next_w, config) with config a dict, "
        f"got {type(got_cfg).__name__}",
    )
    for key in ("m", "v", "t"):
        if key not in got_cfg:
            name = "t not incremented" if key == "t" else "moments not carried forward"
            raise ctx.fail(
                "wrong_answer",
                f"the returned config has no '{key}': the next step needs it",
                mistake=ctx.mistakes.get(name),
            )
    for key in ("m", "v"):
        ctx.expect_close(
            f"config['{key}']", got_cfg[key], ref_cfg[key], mistakes=mistakes(key, got_cfg[key])
        )
    ctx.expect_close(
        "config['t']", got_cfg["t"], ref_cfg["t"], rtol=0.0, mistakes=mistakes("t", got_cfg["t"])
    )
