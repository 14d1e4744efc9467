"""Mistake: updates w in place through w.reshape(-1), which is a view only when w is
C-contiguous; for a transposed or sliced w the step lands in a copy and w comes back
unchanged.

verdict: wrong_answer
"""

import numpy as np


def rmsprop(w, dw, config=None):
    if config is None:
        config = {}
    lr = config.setdefault("learning_rate", 1e-2)
    decay = config.setdefault("decay_rate", 0.99)
    eps = config.setdefault("epsilon", 1e-8)
    cache = config.get("cache", np.zeros_like(w))
    cache = decay * cache + (1 - decay) * dw**2
    flat = w.reshape(-1)
    flat -= (lr * dw / (np.sqrt(cache) + eps)).reshape(-1)
    config["cache"] = cache
    return w, config
