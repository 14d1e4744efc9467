"""Reference: one AdamW step (Adam with decoupled weight decay), PyTorch's convention,
CS231n's config-dict interface.

With gradient g = dw and the step counter incremented first (t <- t + 1):
    m = beta1 * m + (1 - beta1) * g                  (the moments see g only,
    v = beta2 * v + (1 - beta2) * g^2                 never the decay)
    m_hat = m / (1 - beta1^t)
    v_hat = v / (1 - beta2^t)
    next_w = w - learning_rate * (m_hat / (sqrt(v_hat) + epsilon) + weight_decay * w)
Both terms use the weights w passed in. PyTorch's two moves, w *= 1 - lr * weight_decay
and then the Adam step, give the same update: the Adam term does not depend on w.
The updated m, v and t go back into config, which the caller passes to the next step.
"""

import numpy as np


def adamw(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("weight_decay", 1e-2)
    config.setdefault("m", np.zeros_like(w))
    config.setdefault("v", np.zeros_like(w))
    config.setdefault("t", 0)

    b1, b2 = config["beta1"], config["beta2"]
    t = config["t"] + 1
    m = b1 * config["m"] + (1 - b1) * dw
    v = b2 * config["v"] + (1 - b2) * dw**2
    m_hat = m / (1 - b1**t)
    v_hat = v / (1 - b2**t)
    adam_step = m_hat / (np.sqrt(v_hat) + config["epsilon"])
    next_w = w - config["learning_rate"] * (adam_step + config["weight_decay"] * w)

    config["m"], config["v"], config["t"] = m, v, t
    return next_w, config
