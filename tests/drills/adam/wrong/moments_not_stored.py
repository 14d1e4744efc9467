"""Mistake: the new m and v are local variables, never written back into config.

verdict: wrong_answer
diagnosis: moments not carried forward
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
    config["t"] += 1
    t, b1, b2 = config["t"], config["beta1"], config["beta2"]
    m = config["m"]
    v = config["v"]
    m = b1 * m + (1 - b1) * dw
    v = b2 * v + (1 - b2) * dw**2
    next_w = w - config["learning_rate"] * (m / (1 - b1**t)) / (
        np.sqrt(v / (1 - b2**t)) + config["epsilon"]
    )
    return next_w, config
