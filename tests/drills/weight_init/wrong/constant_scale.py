"""Mistake: 0.01 * randn for every layer size.

verdict: wrong_answer
diagnosis: constant 0.01 scale
"""


def xavier_init(fan_in, fan_out, rng):
    return 0.01 * rng.standard_normal((fan_in, fan_out))


def he_init(fan_in, fan_out, rng):
    return 0.01 * rng.standard_normal((fan_in, fan_out))
