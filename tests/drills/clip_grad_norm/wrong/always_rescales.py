"""Mistake: scales by max_norm / (total + 1e-6) without the min(1, ...), so gradients
below max_norm are scaled up to it.

verdict: wrong_answer
diagnosis: small gradients scaled up
"""

import numpy as np


def clip_grad_norm(grads, max_norm):
    total = np.sqrt(sum(np.sum(g**2) for g in grads.values()))
    scale = max_norm / (total + 1e-6)
    return {name: g * scale for name, g in grads.items()}, total
