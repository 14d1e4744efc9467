"""Mistake: the learning rate is folded into m_hat and then applied again in the step.

verdict: wrong_answer
diagnosis: learning rate applied twice
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
    m_hat = lr * m / (1 - b1**t)
    next_w = w - lr * m_hat / (np.sqrt(v / (1 - b2**t)) + eps)
    config.update(m=m, v=v, t=t)
    return next_w, config
