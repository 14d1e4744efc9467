"""Gradient checking: centred differences and relative error (drill: grad_check).

Write both functions with numpy only, then run `drill check`.
"""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    """Centred-difference gradient of the scalar function f at x.

    f: takes a float64 array of x's shape, returns a float.
    x: float64 array of any shape and any memory layout (C-contiguous, Fortran-ordered
    or strided: x.reshape(-1) is then a copy, not a view). h: the step, default 1e-5.
    Returns grad, float64 of x's shape, with
        grad[i] = (f(x + h e_i) - f(x - h e_i)) / (2 h)    for every index i.
    Each call of f must see x with at most one element moved by +h or -h; x may be
    perturbed in place but must be restored, and unchanged when this returns.
    """
    raise NotImplementedError("numerical_gradient is not implemented yet")


def relative_error(a, b):
    """||a - b|| / (||a|| + ||b||) with Euclidean norms over all elements.

    a, b: float64 arrays of the same shape. Returns a float; 0.0 when both are all
    zeros. Must not modify a or b.
    """
    raise NotImplementedError("relative_error is not implemented yet")
