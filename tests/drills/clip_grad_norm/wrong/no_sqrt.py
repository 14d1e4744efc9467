"""Mistake: uses the sum of squares (the squared norm) as the norm.

verdict: wrong_answer
diagnosis: norm without the square root
"""

import numpy as np


def clip_grad_norm(grads, max_norm):
    total = 0.0
    for g in grads.values():
        total += np.sum(g * g)
    scale = min(1.0, max_norm / (total + 1e-6))
    return {name: g * scale for name, g in grads.items()}, total
