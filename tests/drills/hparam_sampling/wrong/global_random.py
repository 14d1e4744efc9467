"""Mistake: np.random's global state instead of the rng argument.

verdict: wrong_answer
diagnosis: rng ignored
"""

import numpy as np


def sample_learning_rates(n, low, high, rng):
    return 10.0 ** np.random.uniform(np.log10(low), np.log10(high), size=n)


def sample_betas(n, low, high, rng):
    return 1.0 - 10.0 ** np.random.uniform(np.log10(1.0 - high), np.log10(1.0 - low), size=n)
