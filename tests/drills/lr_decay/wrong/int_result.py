"""Mistake: the result array is built with np.zeros_like(epoch), an integer array.

verdict: wrong_shape
diagnosis: result has the integer dtype of epoch
"""

import numpy as np


def inverse_time_decay(lr0, decay_rate, epoch):
    return lr0 / (1 + decay_rate * epoch)


def exponential_decay(lr0, base, epoch):
    return lr0 * base**epoch


def sqrt_decay(lr0, k, epoch):
    if np.any(np.asarray(epoch) < 1):
        raise ValueError("epoch must be at least 1")
    return lr0 * k / np.sqrt(epoch)


def step_decay(lr0, drop, epochs_per_drop, epoch):
    if np.isscalar(epoch):
        return lr0 * drop ** (epoch // epochs_per_drop)
    lr = np.zeros_like(epoch)
    lr[...] = lr0 * drop ** (epoch // epochs_per_drop)
    return lr
