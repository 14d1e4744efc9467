"""Mistake: He and Xavier scales swapped.

verdict: wrong_answer
diagnosis: He and Xavier swapped
"""

import numpy as np


def xavier_init(fan_in, fan_out, rng):
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)


def he_init(fan_in, fan_out, rng):
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(1.0 / fan_in)
