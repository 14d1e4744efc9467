"""Mistake: PyTorch's v = mu*v + dw; w -= lr*v, so the stored velocity lacks the learning rate.

verdict: wrong_answer
diagnosis: velocity stored without the learning rate
"""

import numpy as np


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))
    lr, mu = config["learning_rate"], config["momentum"]
    v = mu * v + dw
    next_w = w - lr * v
    config["velocity"] = v
    return next_w, config
