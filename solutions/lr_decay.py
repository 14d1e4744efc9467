"""Reference: learning-rate schedules as functions of the epoch.

    inverse time:  lr = lr0 / (1 + decay_rate * epoch)
    exponential:   lr = lr0 * base ** epoch
    inverse sqrt:  lr = lr0 * k / sqrt(epoch)          (epoch >= 1)
    step:          lr = lr0 * drop ** floor(epoch / epochs_per_drop)

Every expression is a numpy expression, so an integer array of epochs gives a
float64 array of rates and a single int gives a single float.
"""

import numpy as np


def inverse_time_decay(lr0, decay_rate, epoch):
    return lr0 / (1 + decay_rate * epoch)


def exponential_decay(lr0, base, epoch):
    return lr0 * np.float64(base) ** epoch


def sqrt_decay(lr0, k, epoch):
    if np.any(np.asarray(epoch) < 1):
        raise ValueError("sqrt_decay counts epochs from 1; got an epoch below 1")
    return lr0 * k / np.sqrt(epoch)


def step_decay(lr0, drop, epochs_per_drop, epoch):
    return lr0 * np.float64(drop) ** np.floor(epoch / epochs_per_drop)
