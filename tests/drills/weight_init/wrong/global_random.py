"""Mistake: np.random's global state instead of the rng argument.

verdict: wrong_answer
diagnosis: rng ignored
"""

import numpy as np


def xavier_init(fan_in, fan_out, rng):
    return np.random.randn(fan_in, fan_out) * np.sqrt(1.0 / fan_in)


def he_init(fan_in, fan_out, rng):
    return np.random.randn(fan_in, fan_out) * np.sqrt(2.0 / fan_in)
