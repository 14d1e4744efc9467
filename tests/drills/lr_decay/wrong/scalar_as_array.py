"""Mistake: always returns an array, even for a single int epoch.

verdict: wrong_shape
"""

import numpy as np


def inverse_time_decay(lr0, decay_rate, epoch):
    epoch = np.atleast_1d(epoch)
    return lr0 / (1 + decay_rate * epoch)


def exponential_decay(lr0, base, epoch):
    return lr0 * base**epoch


def sqrt_decay(lr0, k, epoch):
    if np.any(np.asarray(epoch) < 1):
        raise ValueError("epoch must be at least 1")
    return lr0 * k / np.sqrt(epoch)


def step_decay(lr0, drop, epochs_per_drop, epoch):
    return lr0 * drop ** np.floor(epoch / epochs_per_drop)
