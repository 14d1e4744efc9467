"""Mistake: writes the clipped arrays back into the caller's dict (grads[name] = g * scale).

verdict: wrong_answer
diagnosis: gradients modified in place
"""

import numpy as np


def clip_grad_norm(grads, max_norm):
    total = np.sqrt(sum(np.sum(g**2) for g in grads.values()))
    scale = min(1.0, max_norm / (total + 1e-6))
    for name in grads:
        grads[name] = grads[name] * scale
    return grads, total
