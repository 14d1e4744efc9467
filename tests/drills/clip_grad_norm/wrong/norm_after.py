"""Mistake: returns the norm of the clipped gradients instead of the norm before clipping.

verdict: wrong_answer
diagnosis: norm after clipping returned
"""

import numpy as np


def _global_norm(grads):
    return np.sqrt(sum(np.sum(g**2) for g in grads.values()))


def clip_grad_norm(grads, max_norm):
    scale = min(1.0, max_norm / (_global_norm(grads) + 1e-6))
    clipped = {name: g * scale for name, g in grads.items()}
    return clipped, _global_norm(clipped)
