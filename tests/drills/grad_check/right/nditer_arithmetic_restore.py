"""Correct: np.nditer over multi-indices, calls f(x) first (unused), and restores each
element by arithmetic (+h, -2h, +h), which may leave a rounding-level difference."""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    f(x)  # a harmless extra evaluation at the unperturbed point
    grad = np.zeros(x.shape, dtype=float)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        i = it.multi_index
        x[i] += h
        above = f(x)
        x[i] -= 2 * h
        below = f(x)
        x[i] += h
        grad[i] = 0.5 * (above - below) / h
        it.iternext()
    return grad


def relative_error(a, b):
    num = np.linalg.norm((a - b).ravel())
    den = max(np.linalg.norm(a.ravel()) + np.linalg.norm(b.ravel()), np.finfo(float).tiny)
    return float(num / den)
