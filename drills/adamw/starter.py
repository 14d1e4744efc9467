"""AdamW: one step with decoupled weight decay (drill: adamw).

Write the function with numpy only, then run `drill check`.
"""

import numpy as np


def adamw(w, dw, config=None):
    """One AdamW update (PyTorch's convention) of the weights w (any shape) given
    the loss gradient dw.

    w, dw (and m, v in config) may come in any memory layout (C, Fortran or strided:
    w.reshape(-1) may be a copy).

    config: dict, or None for all defaults; missing keys take these defaults:
      'learning_rate': 1e-3
      'beta1': 0.9       decay rate of the first moment m
      'beta2': 0.999     decay rate of the second moment v
      'epsilon': 1e-8
      'weight_decay': 1e-2
      'm', 'v': zeros like w
      't': 0             number of steps taken so far

    Increment t FIRST, then
      m = beta1 * m + (1 - beta1) * dw          (dw only: the decay never enters m, v)
      v = beta2 * v + (1 - beta2) * dw**2
      m_hat = m / (1 - beta1**t),  v_hat = v / (1 - beta2**t)
      next_w = w - learning_rate * (m_hat / (sqrt(v_hat) + epsilon) + weight_decay * w)
    Both terms use the w passed in (the weights before this step). A config passed
    in with t = 5 makes this step use t = 6.

    Returns (next_w, config): next_w has w's shape and dtype; config holds the
    hyperparameters and the updated m, v and t, ready for the next call.
    You may update w in place, but must return the new weights. Must not modify dw.
    """
    raise NotImplementedError("adamw is not implemented yet")
