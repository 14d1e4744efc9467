"""Mistake: the correction counts t from 0, dividing the first average by zero.

verdict: wrong_answer
diagnosis: bias correction uses the wrong t
"""

import numpy as np


def ewma(values, beta, bias_correction=False):
    out = np.zeros(len(values))
    v = 0.0
    for t in range(len(values)):
        v = beta * v + (1 - beta) * values[t]
        out[t] = v / (1 - beta**t) if bias_correction else v
    return out
