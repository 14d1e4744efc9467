"""Mistake: builds every result in an array shaped like np.asarray(epoch), so a single
int epoch gets a 0-d array back instead of a float.

verdict: wrong_shape
diagnosis: 0-d array returned for a single epoch
"""

import numpy as np


def _like(epoch, values):
    out = np.empty(np.shape(epoch), dtype=np.float64)
    out[...] = values
    return out


def inverse_time_decay(lr0, decay_rate, epoch):
    e = np.asarray(epoch)
    return _like(e, lr0 / (1 + decay_rate * e))


def exponential_decay(lr0, base, epoch):
    e = np.asarray(epoch)
    return _like(e, lr0 * float(base) ** e)


def sqrt_decay(lr0, k, epoch):
    e = np.asarray(epoch)
    if np.any(e < 1):
        raise ValueError("epoch must be at least 1")
    return _like(e, lr0 * k / np.sqrt(e))


def step_decay(lr0, drop, epochs_per_drop, epoch):
    e = np.asarray(epoch)
    return _like(e, lr0 * float(drop) ** np.floor(e / epochs_per_drop))
