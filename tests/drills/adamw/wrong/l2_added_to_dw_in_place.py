"""Mistake: adds the decay to the caller's gradient in place (dw += wd * w), the L2 form
written the way a PyTorch loop would; the caller's dw is changed.

verdict: wrong_answer
"""

import numpy as np


def adamw(w, dw, config=None):
    config = {} if config is None else config
    lr = config.setdefault("learning_rate", 1e-3)
    b1 = config.setdefault("beta1", 0.9)
    b2 = config.setdefault("beta2", 0.999)
    eps = config.setdefault("epsilon", 1e-8)
    wd = config.setdefault("weight_decay", 1e-2)
    dw += wd * w
    t = config.get("t", 0) + 1
    m = b1 * config.get("m", np.zeros_like(w)) + (1 - b1) * dw
    v = b2 * config.get("v", np.zeros_like(w)) + (1 - b2) * dw**2
    m_hat = m / (1 - b1**t)
    v_hat = v / (1 - b2**t)
    next_w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    config.update(m=m, v=v, t=t)
    return next_w, config
