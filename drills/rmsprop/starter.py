"""RMSprop, one step (drill: rmsprop).

Write the function with numpy only, then run `drill check`.
"""

import numpy as np


def rmsprop(w, dw, config=None):
    """One step of RMSprop.

    w, dw: float64 arrays of the same shape (weights and their gradient), in any
    memory layout (C, Fortran or strided: w.reshape(-1) may be a copy).
    config: None or a dict with any of
      'learning_rate': default 1e-2
      'decay_rate': default 0.99
      'epsilon': default 1e-8
      'cache': array like w, default zeros

        cache = decay_rate * cache + (1 - decay_rate) * dw**2
        next_w = w - learning_rate * dw / (sqrt(cache) + epsilon)

    epsilon is added outside the square root; no bias correction.
    Returns (next_w, config): config holds the hyperparameters (defaults filled
    in) and the new cache. w may be updated in place; dw must not be modified.
    """
    raise NotImplementedError("rmsprop is not implemented yet")
