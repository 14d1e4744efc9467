"""Mistake: never applies the bias correction.

verdict: wrong_answer
diagnosis: bias_correction flag ignored
"""

import numpy as np


def ewma(values, beta, bias_correction=False):
    out = np.zeros(len(values))
    v = 0.0
    for t, theta in enumerate(values, start=1):
        v = beta * v + (1 - beta) * theta
        out[t - 1] = v
    return out
