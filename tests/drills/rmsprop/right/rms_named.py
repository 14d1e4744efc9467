"""Correct: the root mean square named as such, the cache blended with an interpolation."""

import numpy as np


def rmsprop(w, dw, config=None):
    config = {} if config is None else config
    for key, default in (("learning_rate", 1e-2), ("decay_rate", 0.99), ("epsilon", 1e-8)):
        config.setdefault(key, default)
    previous = config.get("cache", 0.0)
    # decay*prev + (1-decay)*g^2 written as prev + (1-decay)*(g^2 - prev)
    cache = previous + (1 - config["decay_rate"]) * (np.square(dw) - previous)
    rms = np.sqrt(cache)
    config["cache"] = cache
    return w - config["learning_rate"] * dw / (rms + config["epsilon"]), config
