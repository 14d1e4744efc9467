"""Correct: one weight at a time with math.sqrt, scalar zeros as the default moments."""

import math

import numpy as np


def adam(w, dw, config=None):
    config = dict(config) if config is not None else {}
    lr = config.get("learning_rate", 1e-3)
    beta1 = config.get("beta1", 0.9)
    beta2 = config.get("beta2", 0.999)
    eps = config.get("epsilon", 1e-8)
    t = config.get("t", 0) + 1
    m_old = np.broadcast_to(config.get("m", 0.0), w.shape)
    v_old = np.broadcast_to(config.get("v", 0.0), w.shape)

    next_w = np.empty_like(w)
    m = np.empty_like(w)
    v = np.empty_like(w)
    for i in np.ndindex(w.shape):
        g = float(dw[i])
        m[i] = beta1 * m_old[i] + (1 - beta1) * g
        v[i] = beta2 * v_old[i] + (1 - beta2) * g * g
        m_hat = m[i] / (1 - beta1**t)
        v_hat = v[i] / (1 - beta2**t)
        next_w[i] = w[i] - lr * m_hat / (math.sqrt(v_hat) + eps)

    config.update(learning_rate=lr, beta1=beta1, beta2=beta2, epsilon=eps, m=m, v=v, t=t)
    return next_w, config
