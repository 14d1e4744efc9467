"""Mistake: always starts from zero velocity, ignoring the one stored in config.

verdict: wrong_answer
diagnosis: stored velocity ignored
"""

import numpy as np


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    lr = config.setdefault("learning_rate", 1e-2)
    mu = config.setdefault("momentum", 0.9)
    v = np.zeros_like(w)
    v = mu * v - lr * dw
    config["velocity"] = v
    return w + v, config
