"""Mistake: overwrites the running sum in the loop (total = ... instead of total += ...),
so only the last tensor counts.

verdict: wrong_answer
diagnosis: norm of one tensor only
"""

import numpy as np


def clip_grad_norm(grads, max_norm):
    sq = 0.0
    for g in grads.values():
        sq = np.sum(g**2)
    total = np.sqrt(sq)
    scale = min(1.0, max_norm / (total + 1e-6))
    return {name: g * scale for name, g in grads.items()}, total
