"""Correct: updates the velocity and the weights in place."""

import numpy as np


def sgd_momentum(w, dw, config=None):
    config = config if config is not None else {}
    lr = config.setdefault("learning_rate", 1e-2)
    mu = config.setdefault("momentum", 0.9)
    if "velocity" not in config:
        config["velocity"] = np.zeros_like(w)
    v = config["velocity"]
    v *= mu
    v -= lr * dw
    w += v
    return w, config
