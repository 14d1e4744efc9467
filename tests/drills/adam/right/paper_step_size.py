"""Correct: the Adam paper's rearrangement, alpha_t = lr * sqrt(1 - b2^t) / (1 - b1^t), with
epsilon scaled by sqrt(1 - b2^t) so that it still sits outside sqrt(v_hat)."""

import numpy as np


def adam(w, dw, config=None):
    config = {} if config is None else dict(config)
    for key, default in (
        ("learning_rate", 1e-3),
        ("beta1", 0.9),
        ("beta2", 0.999),
        ("epsilon", 1e-8),
        ("t", 0),
    ):
        config.setdefault(key, default)
    b1, b2 = config["beta1"], config["beta2"]
    t = config["t"] + 1
    m = b1 * config.get("m", 0.0) + (1 - b1) * dw
    v = b2 * config.get("v", 0.0) + (1 - b2) * np.power(dw, 2)
    root_c2 = np.sqrt(1 - b2**t)
    alpha_t = config["learning_rate"] * root_c2 / (1 - b1**t)
    next_w = w - alpha_t * m / (np.sqrt(v) + config["epsilon"] * root_c2)
    config.update(m=m, v=v, t=t)
    return next_w, config
