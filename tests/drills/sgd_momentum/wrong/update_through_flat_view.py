"""Mistake: updates w in place through w.reshape(-1), which is a view only when w is
C-contiguous; for a transposed or sliced w the step lands in a copy and w comes back
unchanged.

verdict: wrong_answer
"""

import numpy as np


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    lr = config.setdefault("learning_rate", 1e-2)
    mu = config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))
    v = mu * v - lr * dw
    flat = w.reshape(-1)
    flat += v.reshape(-1)
    config["velocity"] = v
    return w, config
