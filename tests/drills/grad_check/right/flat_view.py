"""Correct: a flat copy of x, probed through a basis vector, the result reshaped back."""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    base = x.astype(np.float64).ravel()
    grad = np.zeros(base.size)
    for k in range(base.size):
        step = np.zeros(base.size)
        step[k] = h
        plus = f((base + step).reshape(x.shape))
        minus = f((base - step).reshape(x.shape))
        grad[k] = (plus - minus) / (2 * h)
    return grad.reshape(x.shape)


def relative_error(a, b):
    a, b = np.ravel(a), np.ravel(b)
    if not a.any() and not b.any():
        return 0.0
    return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))
