"""Mistake: clips every entry to [-max_norm, max_norm] (clipping by value, np.clip) instead
of scaling by the global norm.

verdict: wrong_answer
diagnosis: clipped by value
"""

import numpy as np


def clip_grad_norm(grads, max_norm):
    total = np.sqrt(sum(np.sum(g**2) for g in grads.values()))
    return {name: np.clip(g, -max_norm, max_norm) for name, g in grads.items()}, total
