"""Exponentially weighted averages (drill: ewma).

Write the function with numpy only, then run `drill check`.
"""

import numpy as np


def ewma(values, beta, bias_correction=False):
    """Exponentially weighted averages of a 1-D sequence.

    values: float64 array (T,), T >= 1, contiguous or strided.  beta: float in (0, 1).
        v_0 = 0;  v_t = beta * v_(t-1) + (1 - beta) * values[t - 1]
    Returns a float64 array (T,) of v_1 .. v_T, or with bias_correction=True of
    v_t / (1 - beta**t) (t from 1; the recurrence keeps the uncorrected v).
    Must not modify values.
    """
    raise NotImplementedError("ewma is not implemented yet")
