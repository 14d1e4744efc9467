"""Correct: work on float arrays throughout, hand back a Python float for an int epoch."""

import numpy as np


def _finish(result, epoch):
    return float(result) if np.ndim(epoch) == 0 else result


def inverse_time_decay(lr0, decay_rate, epoch):
    e = np.asarray(epoch, dtype=np.float64)
    return _finish(lr0 * np.reciprocal(1.0 + decay_rate * e), epoch)


def exponential_decay(lr0, base, epoch):
    e = np.asarray(epoch, dtype=np.float64)
    return _finish(lr0 * np.exp(e * np.log(base)), epoch)


def sqrt_decay(lr0, k, epoch):
    e = np.asarray(epoch, dtype=np.float64)
    if (e < 1).any():
        raise ValueError(f"epochs start at 1 for sqrt_decay, got {e.min():g}")
    return _finish(lr0 * k * e**-0.5, epoch)


def step_decay(lr0, drop, epochs_per_drop, epoch):
    drops_so_far = np.asarray(epoch) // epochs_per_drop
    return _finish(lr0 * np.power(drop, drops_so_far.astype(np.float64)), epoch)
