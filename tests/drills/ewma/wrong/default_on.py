"""Mistake: bias correction switched on by default.

verdict: wrong_answer
diagnosis: bias correction on by default
"""

import numpy as np


def ewma(values, beta, bias_correction=True):
    out = np.zeros(len(values))
    v = 0.0
    for t, theta in enumerate(values, start=1):
        v = beta * v + (1 - beta) * theta
        out[t - 1] = v / (1 - beta**t) if bias_correction else v
    return out
