"""Mistake: returns 10 ** r, which is 1 - beta.

verdict: wrong_answer
diagnosis: 1 - beta returned
"""

import numpy as np


def sample_learning_rates(n, low, high, rng):
    return 10.0 ** rng.uniform(np.log10(low), np.log10(high), size=n)


def sample_betas(n, low, high, rng):
    return 10.0 ** rng.uniform(np.log10(1.0 - high), np.log10(1.0 - low), size=n)
