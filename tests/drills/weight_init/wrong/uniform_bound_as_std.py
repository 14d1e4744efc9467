"""Mistake: uniform on [-std, std], whose standard deviation is std / sqrt(3).

verdict: wrong_answer
diagnosis: uniform instead of normal
"""

import numpy as np


def xavier_init(fan_in, fan_out, rng):
    limit = np.sqrt(1.0 / fan_in)
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


def he_init(fan_in, fan_out, rng):
    limit = np.sqrt(2.0 / fan_in)
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))
