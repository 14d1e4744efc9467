"""Reference: SGD with momentum in the velocity form (CS231n).

    v      = momentum * v - learning_rate * dw
    next_w = w + v

v starts at zero and is carried between calls in config['velocity'].
"""

import numpy as np


def sgd_momentum(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))

    v = config["momentum"] * v - config["learning_rate"] * dw
    next_w = w + v

    config["velocity"] = v
    return next_w, config
