"""Mistake: t is incremented after the bias correction, so it lags one step behind.

verdict: wrong_answer
diagnosis: t off by one
"""

import numpy as np


def adam(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("m", np.zeros_like(w))
    config.setdefault("v", np.zeros_like(w))
    config.setdefault("t", 0)
    b1, b2 = config["beta1"], config["beta2"]
    config["m"] = b1 * config["m"] + (1 - b1) * dw
    config["v"] = b2 * config["v"] + (1 - b2) * dw**2
    with np.errstate(divide="ignore", invalid="ignore"):
        m_hat = config["m"] / (1 - b1 ** config["t"])
        v_hat = config["v"] / (1 - b2 ** config["t"])
        next_w = w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"])
    config["t"] += 1
    return next_w, config
