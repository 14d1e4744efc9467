"""Mistake: a grid evenly spaced on the log scale instead of random samples; it is
the same for every rng, so it is a grid search, not a random search.

verdict: wrong_answer
diagnosis: a fixed grid instead of random samples
"""

import numpy as np


def sample_learning_rates(n, low, high, rng):
    return np.logspace(np.log10(low), np.log10(high), n)


def sample_betas(n, low, high, rng):
    return 1.0 - np.logspace(np.log10(1.0 - high), np.log10(1.0 - low), n)
