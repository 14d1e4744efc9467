"""Mistake: integer exponents only, so just the powers of ten.

verdict: wrong_answer
"""

import numpy as np


def sample_learning_rates(n, low, high, rng):
    r = rng.integers(int(np.log10(low)), int(np.log10(high)), size=n, endpoint=True)
    return np.clip(10.0**r, low, high)


def sample_betas(n, low, high, rng):
    return 1.0 - 10.0 ** rng.uniform(np.log10(1.0 - high), np.log10(1.0 - low), size=n)
