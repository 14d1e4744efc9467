"""Mistake: Nesterov's look-ahead update instead of plain momentum.

verdict: wrong_answer
diagnosis: Nesterov momentum instead of plain momentum
"""

import numpy as np


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))
    lr, mu = config["learning_rate"], config["momentum"]
    v_prev = v
    v = mu * v - lr * dw
    next_w = w - mu * v_prev + (1 + mu) * v
    config["velocity"] = v
    return next_w, config
