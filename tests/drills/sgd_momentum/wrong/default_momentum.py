"""Mistake: momentum defaults to 0.99.

verdict: wrong_answer
"""

import numpy as np


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.99)
    v = config.get("velocity", np.zeros_like(w))
    lr, mu = config["learning_rate"], config["momentum"]
    v = mu * v - lr * dw
    next_w = w + v
    config["velocity"] = v
    return next_w, config
