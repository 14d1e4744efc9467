"""Correct: the condition written as `if total > max_norm` (the same as the min except
within 1e-6 of max_norm), the input arrays themselves returned when nothing is clipped."""

import math

import numpy as np


def clip_grad_norm(grads, max_norm):
    squares = 0.0
    for g in grads.values():
        for x in np.nditer(g):
            squares += float(x) * float(x)
    total = math.sqrt(squares)
    if total > max_norm:
        scale = max_norm / (total + 1e-6)
        return {name: g * scale for name, g in grads.items()}, total
    return dict(grads), total
