"""Mistake: perturbs `x.reshape(-1)`, a view only when x is C-contiguous; for a
transposed or sliced x it is a copy, so f never sees the perturbation and every
entry of grad is 0.

verdict: wrong_answer
diagnosis: perturbs a copy of x
"""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    flat = x.reshape(-1)
    grad = np.zeros(x.size)
    for i in range(flat.size):
        saved = flat[i]
        flat[i] = saved + h
        plus = f(x)
        flat[i] = saved - h
        minus = f(x)
        flat[i] = saved
        grad[i] = (plus - minus) / (2 * h)
    return grad.reshape(x.shape)


def relative_error(a, b):
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    if denominator == 0.0:
        return 0.0
    return float(np.linalg.norm(a - b) / denominator)
