"""Warm-up and cosine learning-rate schedule (drill: warmup_cosine).

Write the function with Python's math module or numpy, then run `drill check`.
"""

import math


def warmup_cosine_lr(t, total_steps, warmup_steps, lr_max, lr_min=0.0):
    """The learning rate of optimiser step t (an int, counted from 0), as a float.

    T = total_steps, K = warmup_steps, 0 <= K <= T, T - K = 0 or T - K >= 2.
      t < K:       lr_max * (t + 1) / K             (step 0 trains at lr_max / K)
      K <= t < T:  lr_min + (lr_max - lr_min) * (1 + cos(pi * p)) / 2,
                   p = (t - K) / (T - K - 1)        (p = 0 at step K, 1 at step T - 1)
      t >= T:      lr_min                           (never climbs back up)
    The warm-up ramps from 0, whatever lr_min is.
    Returns a Python float or a numpy float64 scalar, not a 0-d array.
    """
    raise NotImplementedError("warmup_cosine_lr is not implemented yet")
