"""Mistake: step decay without the floor (a smooth decay).

verdict: wrong_answer
diagnosis: no floor: a smooth exponential instead of steps
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
    return lr0 * drop ** (epoch / epochs_per_drop)
