"""Mistake: scales the gradient in place (dw *= lr), changing the caller's array.

verdict: wrong_answer
"""

import numpy as np


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    lr = config.setdefault("learning_rate", 1e-2)
    mu = config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))
    dw *= lr
    v = mu * v - dw
    config["velocity"] = v
    return w + v, config
