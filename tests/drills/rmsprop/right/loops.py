"""Correct: scalar maths element by element, a fresh config dict every call."""

import math

import numpy as np


def rmsprop(w, dw, config=None):
    old = config or {}
    lr = old.get("learning_rate", 1e-2)
    decay = old.get("decay_rate", 0.99)
    eps = old.get("epsilon", 1e-8)
    cache = np.array(old.get("cache", np.zeros(w.shape)), dtype=np.float64)
    next_w = np.array(w, dtype=np.float64)
    for idx in np.ndindex(*w.shape):
        g = float(dw[idx])
        cache[idx] = decay * cache[idx] + (1 - decay) * g * g
        next_w[idx] = next_w[idx] - lr * g / (math.sqrt(cache[idx]) + eps)
    config = dict(old, learning_rate=lr, decay_rate=decay, epsilon=eps, cache=cache)
    return next_w, config
