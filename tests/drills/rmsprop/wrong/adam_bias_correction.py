"""Mistake: Adam's bias correction of the cache.

verdict: wrong_answer
diagnosis: bias correction added (that is Adam)
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
    t = config.get("t", 0) + 1
    cache = decay * cache + (1 - decay) * dw**2
    cache_hat = cache / (1 - decay**t)
    next_w = w - lr * dw / (np.sqrt(cache_hat) + eps)
    config["t"] = t
    config["cache"] = cache
    return next_w, config
