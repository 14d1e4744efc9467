"""Mistake: beta weights the new value and 1 - beta the old average.

verdict: wrong_answer
diagnosis: beta and 1 - beta swapped
"""

import numpy as np


def ewma(values, beta, bias_correction=False):
    out = np.zeros(len(values))
    v = 0.0
    for t in range(1, len(values) + 1):
        v = (1 - beta) * v + beta * values[t - 1]
        out[t - 1] = v / (1 - beta**t) if bias_correction else v
    return out
