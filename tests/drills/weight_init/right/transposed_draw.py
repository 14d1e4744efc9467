"""Correct: draws (fan_out, fan_in) and transposes, dividing instead of multiplying."""

import math

import numpy as np


def xavier_init(fan_in, fan_out, rng):
    return np.ascontiguousarray(rng.standard_normal((fan_out, fan_in)).T / math.sqrt(fan_in))


def he_init(fan_in, fan_out, rng):
    return rng.standard_normal((fan_out, fan_in)).T / math.sqrt(fan_in / 2)
