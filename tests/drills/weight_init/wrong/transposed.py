"""Mistake: W of shape (fan_out, fan_in).

verdict: wrong_shape
diagnosis: shape transposed
"""

import numpy as np


def xavier_init(fan_in, fan_out, rng):
    return rng.standard_normal((fan_out, fan_in)) * np.sqrt(1.0 / fan_in)


def he_init(fan_in, fan_out, rng):
    return rng.standard_normal((fan_out, fan_in)) * np.sqrt(2.0 / fan_in)
