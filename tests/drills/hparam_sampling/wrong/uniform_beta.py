"""Mistake: beta drawn uniformly from [low, high].

verdict: wrong_answer
diagnosis: beta sampled uniformly
"""

import numpy as np


def sample_learning_rates(n, low, high, rng):
    return 10.0 ** rng.uniform(np.log10(low), np.log10(high), size=n)


def sample_betas(n, low, high, rng):
    return rng.uniform(low, high, size=n)
