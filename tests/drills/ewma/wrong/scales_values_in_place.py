"""Mistake: pre-multiplies the input by (1 - beta) in place.

verdict: wrong_answer
"""

import numpy as np


def ewma(values, beta, bias_correction=False):
    values *= 1 - beta
    out = np.zeros(len(values))
    v = 0.0
    for t, theta in enumerate(values, start=1):
        v = beta * v + theta
        out[t - 1] = v / (1 - beta**t) if bias_correction else v
    return out
