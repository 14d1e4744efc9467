"""Mistake: the running average itself is corrected, and the corrected value fed into the next step.

verdict: wrong_answer
diagnosis: corrected values fed back into the average
"""

import numpy as np


def ewma(values, beta, bias_correction=False):
    out = np.zeros(len(values))
    v = 0.0
    for t, theta in enumerate(values, start=1):
        v = beta * v + (1 - beta) * theta
        if bias_correction:
            v = v / (1 - beta**t)
        out[t - 1] = v
    return out
