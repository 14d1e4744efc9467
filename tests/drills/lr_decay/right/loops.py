"""Correct: scalar maths in a helper, applied element by element for arrays."""

import math

import numpy as np


def _each(epoch, rate):
    if isinstance(epoch, np.ndarray):
        out = np.empty(epoch.shape, dtype=np.float64)
        for idx in np.ndindex(*epoch.shape):
            out[idx] = rate(int(epoch[idx]))
        return out
    return rate(int(epoch))


def inverse_time_decay(lr0, decay_rate, epoch):
    return _each(epoch, lambda e: lr0 / (1.0 + decay_rate * e))


def exponential_decay(lr0, base, epoch):
    return _each(epoch, lambda e: lr0 * math.pow(base, e))


def sqrt_decay(lr0, k, epoch):
    if np.min(epoch) < 1:
        raise ValueError("sqrt_decay needs epochs >= 1")
    return _each(epoch, lambda e: k * lr0 / math.sqrt(e))


def step_decay(lr0, drop, epochs_per_drop, epoch):
    return _each(epoch, lambda e: lr0 * drop ** (e // epochs_per_drop))
