"""Correct: low * (high / low) ** u with u uniform on [0, 1), one draw per loop step."""

import numpy as np


def sample_learning_rates(n, low, high, rng):
    out = np.empty(n)
    for i in range(n):
        out[i] = low * (high / low) ** rng.random()
    return out


def sample_betas(n, low, high, rng):
    small, large = 1.0 - high, 1.0 - low
    u = rng.random(n)
    return 1.0 - small * (large / small) ** u
