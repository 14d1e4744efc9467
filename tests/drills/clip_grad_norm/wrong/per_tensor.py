"""Mistake: caps each tensor at max_norm on its own (Keras's clipnorm) instead of one
global norm for all of them.

verdict: wrong_answer
diagnosis: clipped per tensor
"""

import numpy as np


def clip_grad_norm(grads, max_norm):
    total = np.sqrt(sum(np.sum(g**2) for g in grads.values()))
    clipped = {}
    for name, g in grads.items():
        norm = np.linalg.norm(g)
        clipped[name] = g * min(1.0, max_norm / (norm + 1e-6))
    return clipped, total
