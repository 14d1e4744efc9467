"""Mistake: v starts at the first value instead of 0.

verdict: wrong_answer
diagnosis: v initialised with the first value
"""

import numpy as np


def ewma(values, beta, bias_correction=False):
    out = np.zeros(len(values))
    v = values[0]
    for t, theta in enumerate(values, start=1):
        v = beta * v + (1 - beta) * theta
        out[t - 1] = v / (1 - beta**t) if bias_correction else v
    return out
