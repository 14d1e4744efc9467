"""Mistake: stores v before updating it with the current value.

verdict: wrong_answer
diagnosis: average recorded before the update
"""

import numpy as np


def ewma(values, beta, bias_correction=False):
    out = np.zeros(len(values))
    v = 0.0
    for t, theta in enumerate(values, start=1):
        out[t - 1] = v / (1 - beta**t) if bias_correction else v
        v = beta * v + (1 - beta) * theta
    return out
