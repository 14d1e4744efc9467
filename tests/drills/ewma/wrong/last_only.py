"""Mistake: returns only the final average.

verdict: wrong_shape
diagnosis: only the last value returned
"""


def ewma(values, beta, bias_correction=False):
    v = 0.0
    for theta in values:
        v = beta * v + (1 - beta) * theta
    if bias_correction:
        return v / (1 - beta ** len(values))
    return v
