"""Mistake: v = momentum * v + learning_rate * dw and w = w - v. The step is the
same, but the stored velocity has the opposite sign of the contract's
v = momentum * v - learning_rate * dw (and a resumed velocity is read the wrong way).

verdict: wrong_answer
diagnosis: velocity stored with the opposite sign
"""

import numpy as np


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))
    lr, mu = config["learning_rate"], config["momentum"]
    v = mu * v + lr * dw
    next_w = w - v
    config["velocity"] = v
    return next_w, config
