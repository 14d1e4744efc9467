"""Mistake: clips in place as torch.nn.utils.clip_grad_norm_ does (g *= scale), changing
the caller's gradients.

verdict: wrong_answer
diagnosis: gradients modified in place
"""

import numpy as np


def clip_grad_norm(grads, max_norm):
    total = np.sqrt(sum(np.sum(g**2) for g in grads.values()))
    scale = min(1.0, max_norm / (total + 1e-6))
    for g in grads.values():
        g *= scale
    return grads, total
