"""Hyperparameter sampling on a log scale (drill: hparam_sampling).

Write both functions with numpy only, then run `drill check`.
"""

import numpy as np


def sample_learning_rates(n, low, high, rng):
    """n learning rates, log-uniform on [low, high] (0 < low < high).

    r uniform in [log10(low), log10(high)], lr = 10 ** r.
    rng: a np.random.Generator; draw every random number from it.
    Returns a float64 array of shape (n,).
    """
    raise NotImplementedError("sample_learning_rates is not implemented yet")


def sample_betas(n, low, high, rng):
    """n betas in [low, high] (0 < low < high < 1) with 1 - beta log-uniform.

    r uniform in [log10(1 - high), log10(1 - low)], beta = 1 - 10 ** r.
    rng: a np.random.Generator; draw every random number from it.
    Returns a float64 array of shape (n,).
    """
    raise NotImplementedError("sample_betas is not implemented yet")
