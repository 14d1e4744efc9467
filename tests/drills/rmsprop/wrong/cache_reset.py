"""Mistake: the cache restarts from zeros on every call.

verdict: wrong_answer
diagnosis: stored cache ignored
"""

import numpy as np


def rmsprop(w, dw, config=None):
    config = config or {}
    lr = config.setdefault("learning_rate", 1e-2)
    decay = config.setdefault("decay_rate", 0.99)
    eps = config.setdefault("epsilon", 1e-8)
    cache = (1 - decay) * dw**2
    config["cache"] = cache
    return w - lr * dw / (np.sqrt(cache) + eps), config
