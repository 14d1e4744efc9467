"""Mistake: a generator of its own with a fixed seed, ignoring the caller's.

verdict: wrong_answer
diagnosis: rng ignored
"""

import numpy as np


def xavier_init(fan_in, fan_out, rng):
    mine = np.random.default_rng(0)
    return mine.standard_normal((fan_in, fan_out)) * np.sqrt(1.0 / fan_in)


def he_init(fan_in, fan_out, rng):
    mine = np.random.default_rng(0)
    return mine.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)
