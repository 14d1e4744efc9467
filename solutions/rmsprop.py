"""Reference: RMSprop (CS231n conventions).

    cache  = decay_rate * cache + (1 - decay_rate) * dw**2
    next_w = w - learning_rate * dw / (sqrt(cache) + epsilon)

cache starts at zero and is carried between calls in config['cache']; epsilon is
added after the square root and there is no bias correction.
"""

import numpy as np


def rmsprop(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    cache = config.get("cache", np.zeros_like(w))

    decay = config["decay_rate"]
    cache = decay * cache + (1 - decay) * dw**2
    next_w = w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])

    config["cache"] = cache
    return next_w, config
