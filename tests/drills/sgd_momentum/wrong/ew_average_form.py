"""Mistake: the exponentially weighted form v = beta*v + (1-beta)*dw; w -= lr*v.

verdict: wrong_answer
diagnosis: exponentially weighted momentum instead of the velocity form
"""

import numpy as np


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))
    lr, mu = config["learning_rate"], config["momentum"]
    v = mu * v + (1 - mu) * dw
    next_w = w - lr * v
    config["velocity"] = v
    return next_w, config
