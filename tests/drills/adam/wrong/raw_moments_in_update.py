"""Mistake: computes m_hat and v_hat but steps with the raw m and v.

verdict: wrong_answer
diagnosis: no bias correction
"""

import numpy as np


def adam(w, dw, config=None):
    config = {} if config is None else config
    lr = config.setdefault("learning_rate", 1e-3)
    b1 = config.setdefault("beta1", 0.9)
    b2 = config.setdefault("beta2", 0.999)
    eps = config.setdefault("epsilon", 1e-8)
    t = config.get("t", 0) + 1
    m = b1 * config.get("m", np.zeros_like(w)) + (1 - b1) * dw
    v = b2 * config.get("v", np.zeros_like(w)) + (1 - b2) * dw**2
    m_hat = m / (1 - b1**t)  # noqa: F841 - computed, then not used
    v_hat = v / (1 - b2**t)  # noqa: F841
    next_w = w - lr * m / (np.sqrt(v) + eps)
    config.update(m=m, v=v, t=t)
    return next_w, config
