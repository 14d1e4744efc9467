"""Correct: one weight at a time with math.sqrt, the decay written as the paper's
eta_t * lambda * w with eta_t = 1 and lambda = lr * weight_decay."""

import math

import numpy as np


def adamw(w, dw, config=None):
    config = dict(config) if config is not None else {}
    lr = config.get("learning_rate", 1e-3)
    beta1 = config.get("beta1", 0.9)
    beta2 = config.get("beta2", 0.999)
    eps = config.get("epsilon", 1e-8)
    wd = config.get("weight_decay", 0.01)
    m = np.array(config.get("m", np.zeros(w.shape)), dtype=float)
    v = np.array(config.get("v", np.zeros(w.shape)), dtype=float)
    t = config.get("t", 0) + 1

    lam = lr * wd  # the paper's lambda for eta_t = 1 and alpha = lr
    next_w = np.empty_like(w)
    for idx in np.ndindex(w.shape):
        g = float(dw[idx])
        m[idx] = beta1 * m[idx] + (1 - beta1) * g
        v[idx] = beta2 * v[idx] + (1 - beta2) * g * g
        m_hat = m[idx] / (1 - beta1**t)
        v_hat = v[idx] / (1 - beta2**t)
        next_w[idx] = w[idx] - (lr * m_hat / (math.sqrt(v_hat) + eps) + lam * w[idx])

    config.update(
        learning_rate=lr, beta1=beta1, beta2=beta2, epsilon=eps, weight_decay=wd, m=m, v=v, t=t
    )
    return next_w, config
