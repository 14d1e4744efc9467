"""Mistake: the variance multiplies the draws instead of the standard deviation.

verdict: wrong_answer
diagnosis: variance used as the standard deviation
"""


def xavier_init(fan_in, fan_out, rng):
    return rng.standard_normal((fan_in, fan_out)) * (1.0 / fan_in)


def he_init(fan_in, fan_out, rng):
    return rng.standard_normal((fan_in, fan_out)) * (2.0 / fan_in)
