"""Correct: no loop; every average is a weighted sum, weights (1 - beta) * beta**(t - k)."""

import numpy as np


def ewma(values, beta, bias_correction=False):
    n = len(values)
    t = np.arange(1, n + 1)
    lag = t[:, None] - t[None, :]
    weights = np.where(lag >= 0, (1 - beta) * beta ** np.maximum(lag, 0), 0.0)
    averages = weights @ values
    if bias_correction:
        averages /= 1 - beta**t
    return averages
