"""Mistake: fills the result only inside the `if`, so nothing comes back when the norm is
below max_norm.

verdict: wrong_answer
diagnosis: gradients missing from the result
"""

import numpy as np


def clip_grad_norm(grads, max_norm):
    total = np.sqrt(sum(np.sum(g**2) for g in grads.values()))
    clipped = {}
    if total > max_norm:
        for name, g in grads.items():
            clipped[name] = g * (max_norm / (total + 1e-6))
    return clipped, total
