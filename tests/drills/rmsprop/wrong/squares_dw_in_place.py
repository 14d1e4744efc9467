"""Mistake: squares the gradient in place to save memory, destroying the caller's dw.

verdict: wrong_answer
"""

import numpy as np


def rmsprop(w, dw, config=None):
    config = config or {}
    lr = config.setdefault("learning_rate", 1e-2)
    decay = config.setdefault("decay_rate", 0.99)
    eps = config.setdefault("epsilon", 1e-8)
    cache = config.get("cache", np.zeros_like(w))
    step = lr * dw
    np.square(dw, out=dw)
    cache = decay * cache + (1 - decay) * dw
    config["cache"] = cache
    return w - step / (np.sqrt(cache) + eps), config
