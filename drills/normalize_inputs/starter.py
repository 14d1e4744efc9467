"""Input normalisation: fit on train, apply everywhere (drill: normalize_inputs).

Write both functions with numpy only, then run `drill check`.
"""

import numpy as np


def fit_normalizer(X_train, eps=1e-8):
    """Per-feature statistics of X_train, shape (m, D) with examples as rows (any
    memory layout: C, Fortran or strided).

    Returns (mean, std), both float64 of shape (D,), over axis 0:
        mean = X_train's mean, var = biased variance (divide by m),
        std = sqrt(var + eps).
    Must not modify X_train.
    """
    raise NotImplementedError("fit_normalizer is not implemented yet")


def apply_normalizer(X, mean, std):
    """Standardise X, shape (k, D), with given (training) statistics (any memory
    layout, like X_train's).

    Returns (X - mean) / std, float64 of X's shape. Must not modify its inputs.
    """
    raise NotImplementedError("apply_normalizer is not implemented yet")
