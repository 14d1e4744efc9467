"""Mistake: perturbs `x.ravel()` and reads the gradient in the same flat order; ravel
returns a view only for a C-contiguous x, so on a transposed or sliced x f sees x
unchanged and the gradient is all zeros.

verdict: wrong_answer
diagnosis: perturbs a copy of x
"""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x, dtype=np.float64)
    flat_x = x.ravel()
    flat_g = grad.reshape(-1)
    for i in range(flat_x.size):
        flat_x[i] += h
        plus = f(x)
        flat_x[i] -= 2 * h
        minus = f(x)
        flat_x[i] += h
        flat_g[i] = (plus - minus) / (2 * h)
    return grad


def relative_error(a, b):
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    if denominator == 0.0:
        return 0.0
    return float(np.linalg.norm(a - b) / denominator)
