"""Correct: element by element over a flat view, a new config dict every call."""

import numpy as np


def sgd_momentum(w, dw, config=None):
    old = dict(config or {})
    lr = old.get("learning_rate", 1e-2)
    mu = old.get("momentum", 0.9)
    v = np.array(old.get("velocity", np.zeros(w.shape)), dtype=np.float64).reshape(-1)
    flat_w = w.reshape(-1).astype(np.float64)
    flat_dw = dw.reshape(-1)
    next_w = np.empty_like(flat_w)
    for i in range(flat_w.size):
        v[i] = mu * v[i] - lr * flat_dw[i]
        next_w[i] = flat_w[i] + v[i]
    new = {**old, "learning_rate": lr, "momentum": mu, "velocity": v.reshape(w.shape)}
    return next_w.reshape(w.shape), new
