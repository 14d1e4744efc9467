"""Correct: CS231n layout with setdefault; the moments updated in place and the
weights shrunk by (1 - lr * wd) in the same expression as the Adam step."""

import numpy as np


def adamw(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("weight_decay", 0.01)
    config.setdefault("m", np.zeros_like(w))
    config.setdefault("v", np.zeros_like(w))
    config.setdefault("t", 0)

    lr, wd = config["learning_rate"], config["weight_decay"]
    b1, b2 = config["beta1"], config["beta2"]
    config["t"] += 1
    m, v = config["m"], config["v"]
    m *= b1
    m += (1 - b1) * dw
    v *= b2
    v += (1 - b2) * dw * dw
    m_hat = m / (1 - b1 ** config["t"])
    v_hat = v / (1 - b2 ** config["t"])
    next_w = (1 - lr * wd) * w - lr * m_hat / (np.sqrt(v_hat) + config["epsilon"])
    return next_w, config
