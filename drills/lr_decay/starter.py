"""Learning-rate decay schedules (drill: lr_decay).

Write the four functions with numpy only, then run `drill check`.
epoch is a non-negative Python int or a numpy integer array; return a float for an
int (a Python float or numpy float64 scalar, not a 0-d array) and a float64 array of
the same shape for an array.
"""

import numpy as np


def inverse_time_decay(lr0, decay_rate, epoch):
    """lr0 / (1 + decay_rate * epoch); epoch 0 gives lr0."""
    raise NotImplementedError("inverse_time_decay is not implemented yet")


def exponential_decay(lr0, base, epoch):
    """lr0 * base ** epoch; epoch 0 gives lr0."""
    raise NotImplementedError("exponential_decay is not implemented yet")


def sqrt_decay(lr0, k, epoch):
    """lr0 * k / sqrt(epoch), epochs counted from 1.

    Raises ValueError if epoch (or any entry of an epoch array) is below 1.
    """
    raise NotImplementedError("sqrt_decay is not implemented yet")


def step_decay(lr0, drop, epochs_per_drop, epoch):
    """lr0 * drop ** floor(epoch / epochs_per_drop); epoch 0 gives lr0."""
    raise NotImplementedError("step_decay is not implemented yet")
