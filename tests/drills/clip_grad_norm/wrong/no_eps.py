"""Mistake: the textbook form without PyTorch's 1e-6, scale = max_norm / total when the
norm is above max_norm (d2l's grad_clipping).

verdict: wrong_answer
diagnosis: 1e-6 left out of the scale
"""

import numpy as np


def clip_grad_norm(grads, max_norm):
    total = np.sqrt(sum(np.sum(g**2) for g in grads.values()))
    scale = max_norm / total if total > max_norm else 1.0
    return {name: g * scale for name, g in grads.items()}, total
