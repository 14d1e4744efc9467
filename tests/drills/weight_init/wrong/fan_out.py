"""Mistake: scales by fan_out instead of fan_in.

verdict: wrong_answer
diagnosis: fan_out used instead of fan_in
"""

import numpy as np


def xavier_init(fan_in, fan_out, rng):
    return rng.standard_normal((fan_in, fan_out)) / np.sqrt(fan_out)


def he_init(fan_in, fan_out, rng):
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_out)
