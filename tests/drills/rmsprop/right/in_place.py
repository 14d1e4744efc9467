"""Correct: cache and weights updated in place with numpy's out= arguments."""

import numpy as np


def rmsprop(w, dw, config=None):
    if config is None:
        config = {}
    lr = config.setdefault("learning_rate", 1e-2)
    decay = config.setdefault("decay_rate", 0.99)
    eps = config.setdefault("epsilon", 1e-8)
    if "cache" not in config:
        config["cache"] = np.zeros_like(w)
    cache = config["cache"]
    cache *= decay
    cache += (1 - decay) * dw * dw
    denom = np.sqrt(cache)
    denom += eps
    w -= lr * dw / denom
    return w, config
