"""Mistake: updates w in place through w.reshape(-1), which is a view only when w is
C-contiguous; for a transposed or sliced w the step lands in a copy and w comes back
unchanged.

verdict: wrong_answer
"""

import numpy as np


def adam(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("m", np.zeros_like(w))
    config.setdefault("v", np.zeros_like(w))
    config.setdefault("t", 0)
    b1, b2 = config["beta1"], config["beta2"]
    t = config["t"] + 1
    m = b1 * config["m"] + (1 - b1) * dw
    v = b2 * config["v"] + (1 - b2) * dw**2
    step = (
        config["learning_rate"] * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + config["epsilon"])
    )
    flat = w.reshape(-1)
    flat -= step.reshape(-1)
    config["m"], config["v"], config["t"] = m, v, t
    return w, config
