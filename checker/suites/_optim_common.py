"""Checks shared by the optimiser suites (sgd_momentum, rmsprop): comparing one
update step, and reading the state an optimiser stores in its returned config."""

from __future__ import annotations

import numpy as np

from checker.suitekit import Ctx


def step_atol(w) -> float:
    # next_w - w loses about one ulp of w to cancellation.
    return 1e-12 * float(np.max(np.abs(w)))


def check_step(ctx: Ctx, w0, next_w, expected_w, mistakes) -> None:
    """Compare the step next_w - w, not next_w: with large weights a wrong step
    would hide inside next_w's rounding."""
    ctx.expect_array("next_w", next_w, w0)
    ctx.expect_close(
        "next_w - w (the step)",
        next_w - w0,
        expected_w - w0,
        atol=step_atol(w0),
        mistakes=mistakes,
    )


def stored_state(ctx: Ctx, function: str, config, key: str, like, missing: str):
    """config[key] as returned by `function`; `missing` names the mistake of not storing it."""
    ctx.expect(
        isinstance(config, dict),
        f"{function} must return (next_w, config) with config a dict, got {type(config).__name__}",
        kind="wrong_shape",
    )
    ctx.expect(
        key in config,
        f"config['{key}'] was not stored: the next call could not resume from it",
        mistake=ctx.mistakes.get(missing),
    )
    state = config[key]
    ctx.expect_array(f"config['{key}']", state, like)
    return state
