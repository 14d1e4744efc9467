"""Mistake: weights cast to float32.

verdict: wrong_shape
"""

import numpy as np


def xavier_init(fan_in, fan_out, rng):
    return (rng.standard_normal((fan_in, fan_out)) * np.sqrt(1.0 / fan_in)).astype(np.float32)


def he_init(fan_in, fan_out, rng):
    return (rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)).astype(np.float32)
