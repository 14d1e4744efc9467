"""Correct: fresh copies for each side, so x itself is never touched; the norms by hand."""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.empty_like(x, dtype=np.float64)
    for idx in np.ndindex(*x.shape):
        x_plus = x.copy()
        x_minus = x.copy()
        x_plus[idx] += h
        x_minus[idx] -= h
        grad[idx] = (f(x_plus) - f(x_minus)) / (2.0 * h)
    return grad


def relative_error(a, b):
    diff = np.sqrt(np.sum((a - b) ** 2))
    total = np.sqrt(np.sum(a**2)) + np.sqrt(np.sum(b**2))
    return 0.0 if total == 0 else diff / total
