"""Mistake: 10 ** r with r drawn from [low, high] itself.

verdict: wrong_answer
diagnosis: exponent drawn from [low, high]
"""

import numpy as np


def sample_learning_rates(n, low, high, rng):
    return 10.0 ** rng.uniform(low, high, size=n)


def sample_betas(n, low, high, rng):
    return 1.0 - 10.0 ** rng.uniform(np.log10(1.0 - high), np.log10(1.0 - low), size=n)
