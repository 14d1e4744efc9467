"""Mistake: momentum multiplies the weights instead of the velocity.

verdict: wrong_answer
diagnosis: momentum applied to w instead of v
"""

import numpy as np


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))
    lr, mu = config["learning_rate"], config["momentum"]
    v = -lr * dw
    next_w = mu * w + v
    config["velocity"] = v
    return next_w, config
