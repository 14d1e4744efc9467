"""Mistake: steps with the cache from before this gradient.

verdict: wrong_answer
diagnosis: step uses the old cache
"""

import numpy as np


def rmsprop(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    cache = config.get("cache", np.zeros_like(w))
    lr, decay, eps = config["learning_rate"], config["decay_rate"], config["epsilon"]
    next_w = w - lr * dw / (np.sqrt(cache) + eps)
    cache = decay * cache + (1 - decay) * dw**2
    config["cache"] = cache
    return next_w, config
