"""Mistake: the Adam paper's "efficient" form, lr * sqrt(1 - b2^t) / (1 - b1^t), plain epsilon.

verdict: wrong_answer
diagnosis: bias correction folded into the step size
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
    lr_t = lr * np.sqrt(1 - b2**t) / (1 - b1**t)
    next_w = w - lr_t * m / (np.sqrt(v) + eps)
    config.update(m=m, v=v, t=t)
    return next_w, config
