"""Correct: natural logs and np.exp throughout (the same distribution as base 10)."""

import numpy as np


def sample_learning_rates(n, low, high, rng):
    return np.exp(rng.uniform(np.log(low), np.log(high), size=n))


def sample_betas(n, low, high, rng):
    gap = np.exp(rng.uniform(np.log1p(-high), np.log1p(-low), size=n))
    return 1.0 - gap
