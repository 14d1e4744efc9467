"""Mistake: perturbs x[idx] in place but writes the saved value back through
x.ravel(), a copy unless x is C-contiguous: on a transposed or sliced x every element
is left at x - h, so later evaluations see a shifted x and the caller gets it back
changed.

verdict: wrong_answer
diagnosis: x not restored
"""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for k, idx in enumerate(np.ndindex(x.shape)):
        saved = x[idx]
        x[idx] = saved + h
        plus = f(x)
        x[idx] = saved - h
        minus = f(x)
        x.ravel()[k] = saved
        grad[idx] = (plus - minus) / (2 * h)
    return grad


def relative_error(a, b):
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    if denominator == 0.0:
        return 0.0
    return float(np.linalg.norm(a - b) / denominator)
