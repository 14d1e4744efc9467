"""SGD with momentum, one step (drill: sgd_momentum).

Write the function with numpy only, then run `drill check`.
"""

import numpy as np


def sgd_momentum(w, dw, config=None):
    """One step of SGD with momentum, velocity form.

    w, dw: float64 arrays of the same shape (weights and their gradient), in any
    memory layout (C, Fortran or strided: w.reshape(-1) may be a copy).
    config: None or a dict with any of
      'learning_rate': default 1e-2
      'momentum': default 0.9
      'velocity': array like w, default zeros

        v = momentum * v - learning_rate * dw
        next_w = w + v

    Returns (next_w, config): config holds learning_rate, momentum (defaults
    filled in) and the new velocity. w may be updated in place; dw must not be
    modified.
    """
    raise NotImplementedError("sgd_momentum is not implemented yet")
