"""Correct: v moves a fraction (1 - beta) of the way towards each value."""

import numpy as np


def ewma(values, beta, bias_correction=False):
    v = np.zeros(len(values) + 1)
    for t in range(1, len(values) + 1):
        v[t] = v[t - 1] + (1 - beta) * (values[t - 1] - v[t - 1])
    out = v[1:]
    if bias_correction:
        out = out / (1 - np.power(beta, np.arange(1, len(values) + 1)))
    return out
