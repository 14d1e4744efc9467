"""Mistake: beta itself log-uniform instead of 1 - beta.

verdict: wrong_answer
diagnosis: beta itself log-uniform
"""

import numpy as np


def sample_learning_rates(n, low, high, rng):
    return 10.0 ** rng.uniform(np.log10(low), np.log10(high), size=n)


def sample_betas(n, low, high, rng):
    return 10.0 ** rng.uniform(np.log10(low), np.log10(high), size=n)
