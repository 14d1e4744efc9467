"""Mistake: computes m and v but only stores t, so every step starts from zero moments.

verdict: wrong_answer
diagnosis: moments not carried forward
"""

import numpy as np


def adamw(w, dw, config=None):
    config = {} if config is None else config
    lr = config.setdefault("learning_rate", 1e-3)
    b1 = config.setdefault("beta1", 0.9)
    b2 = config.setdefault("beta2", 0.999)
    eps = config.setdefault("epsilon", 1e-8)
    wd = config.setdefault("weight_decay", 1e-2)
    t = config.get("t", 0) + 1
    m = b1 * config.get("m", np.zeros_like(w)) + (1 - b1) * dw
    v = b2 * config.get("v", np.zeros_like(w)) + (1 - b2) * dw**2
    m_hat = m / (1 - b1**t)
    v_hat = v / (1 - b2**t)
    next_w = w - lr * (m_hat / (np.sqrt(v_hat) + eps) + wd * w)
    config["t"] = t
    return next_w, config
