"""Correct: rng.normal with the standard deviation as its scale, via a shared helper."""

import numpy as np


def _gaussian(fan_in, fan_out, variance, rng):
    return rng.normal(loc=0.0, scale=np.sqrt(variance), size=(fan_in, fan_out))


def xavier_init(fan_in, fan_out, rng):
    return _gaussian(fan_in, fan_out, 1.0 / fan_in, rng)


def he_init(fan_in, fan_out, rng):
    return _gaussian(fan_in, fan_out, 2.0 / fan_in, rng)
