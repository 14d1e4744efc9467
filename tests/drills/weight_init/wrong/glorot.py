"""Mistake: Xavier with Glorot's 2 / (fan_in + fan_out).

verdict: wrong_answer
diagnosis: Glorot's average of the fans
"""

import numpy as np


def xavier_init(fan_in, fan_out, rng):
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / (fan_in + fan_out))


def he_init(fan_in, fan_out, rng):
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)
