"""Mistake: uniform with the right standard deviation, but not normal.

verdict: wrong_answer
diagnosis: uniform instead of normal
"""

import numpy as np


def xavier_init(fan_in, fan_out, rng):
    limit = np.sqrt(3.0 / fan_in)
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


def he_init(fan_in, fan_out, rng):
    limit = np.sqrt(6.0 / fan_in)
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))
