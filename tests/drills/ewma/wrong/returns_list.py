"""Mistake: returns a Python list instead of a numpy array.

verdict: wrong_shape
"""


def ewma(values, beta, bias_correction=False):
    out, v = [], 0.0
    for t, theta in enumerate(values, start=1):
        v = beta * v + (1 - beta) * theta
        out.append(v / (1 - beta**t) if bias_correction else v)
    return out
