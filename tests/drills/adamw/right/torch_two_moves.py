"""Correct: PyTorch's order, in place: decay the weights first, w *= 1 - lr * wd, then
the Adam step with PyTorch's arrangement (step size lr / bc1, denominator
sqrt(v) / sqrt(bc2) + eps); a new config dict returned, the caller's left alone."""

import math

import numpy as np

DEFAULTS = {
    "learning_rate": 1e-3,
    "beta1": 0.9,
    "beta2": 0.999,
    "epsilon": 1e-8,
    "weight_decay": 1e-2,
    "t": 0,
}


def adamw(w, dw, config=None):
    cfg = {**DEFAULTS, **(config or {})}
    lr, b1, b2 = cfg["learning_rate"], cfg["beta1"], cfg["beta2"]
    exp_avg = cfg.get("m", np.zeros_like(w))
    exp_avg_sq = cfg.get("v", np.zeros_like(w))
    step = cfg["t"] + 1

    w *= 1 - lr * cfg["weight_decay"]
    exp_avg = exp_avg + (1 - b1) * (dw - exp_avg)
    exp_avg_sq = b2 * exp_avg_sq + (1 - b2) * np.square(dw)
    bias_correction1 = 1 - b1**step
    bias_correction2 = 1 - b2**step
    denom = np.sqrt(exp_avg_sq) / math.sqrt(bias_correction2) + cfg["epsilon"]
    w -= (lr / bias_correction1) * exp_avg / denom
    return w, {**cfg, "m": exp_avg, "v": exp_avg_sq, "t": step}
