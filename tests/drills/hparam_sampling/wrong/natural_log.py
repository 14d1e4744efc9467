"""Mistake: exponent from np.log, raised as 10 ** r.

verdict: wrong_answer
diagnosis: natural log mixed with log10
"""

import numpy as np


def sample_learning_rates(n, low, high, rng):
    r = rng.uniform(np.log(low), np.log(high), size=n)
    return 10.0**r


def sample_betas(n, low, high, rng):
    return 1.0 - 10.0 ** rng.uniform(np.log10(1.0 - high), np.log10(1.0 - low), size=n)
