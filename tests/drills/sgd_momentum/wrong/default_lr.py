"""Mistake: learning rate defaults to 1e-3.

verdict: wrong_answer
diagnosis: wrong default hyperparameter
"""

import numpy as np


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))
    lr, mu = config["learning_rate"], config["momentum"]
    v = mu * v - lr * dw
    next_w = w + v
    config["velocity"] = v
    return next_w, config
