"""Reference: random hyperparameter search on a log scale.

Learning rate, log-uniform on [low, high]: every decade gets the same share of samples.
    r ~ Uniform(log10(low), log10(high)),   lr = 10^r
Averaging parameter beta in [low, high] (e.g. 0.9 .. 0.999): the window 1 / (1 - beta)
is what matters, so 1 - beta is made log-uniform on [1 - high, 1 - low]:
    r ~ Uniform(log10(1 - high), log10(1 - low)),   beta = 1 - 10^r
"""

import numpy as np


def sample_learning_rates(n, low, high, rng):
    r = rng.uniform(np.log10(low), np.log10(high), size=n)
    return 10.0**r


def sample_betas(n, low, high, rng):
    r = rng.uniform(np.log10(1.0 - high), np.log10(1.0 - low), size=n)
    return 1.0 - 10.0**r
