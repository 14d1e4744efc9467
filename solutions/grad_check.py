"""Reference: numerical gradients by centred differences, and their relative error.

For every index i of x (any shape), with e_i the array that is 1 at i and 0 elsewhere:
    grad[i] = (f(x + h e_i) - f(x - h e_i)) / (2 h)
The truncation error is O(h^2), against O(h) for the one-sided (f(x + h e_i) - f(x)) / h.
x is perturbed one element at a time and each element is put back before the next.

Relative error with Euclidean norms over all elements:
    rel(a, b) = ||a - b|| / (||a|| + ||b||),   and 0 when a and b are both all zeros.
"""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape, dtype=np.float64)
    for idx in np.ndindex(x.shape):
        saved = x[idx]
        x[idx] = saved + h
        f_plus = f(x)
        x[idx] = saved - h
        f_minus = f(x)
        x[idx] = saved  # exactly the old value, so later evaluations see the true x
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(a, b):
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    if denominator == 0.0:
        return 0.0
    return float(np.linalg.norm(a - b) / denominator)
