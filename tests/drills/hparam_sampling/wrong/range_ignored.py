"""Mistake: the samplers always draw from the ranges of the lecture example
(learning rates in [1e-4, 1], betas in [0.9, 0.999]), whatever low and high are.

verdict: wrong_answer
diagnosis: range ignored
"""


def sample_learning_rates(n, low, high, rng):
    return 10.0 ** rng.uniform(-4, 0, size=n)


def sample_betas(n, low, high, rng):
    return 1.0 - 10.0 ** rng.uniform(-3, -1, size=n)
