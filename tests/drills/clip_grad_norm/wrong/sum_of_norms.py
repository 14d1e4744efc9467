"""Mistake: adds up the per-tensor norms instead of taking the root of the summed squares.

verdict: wrong_answer
diagnosis: sum of the tensor norms
"""

import numpy as np


def clip_grad_norm(grads, max_norm):
    total = sum(np.linalg.norm(g) for g in grads.values())
    scale = min(1.0, max_norm / (total + 1e-6))
    return {name: g * scale for name, g in grads.items()}, float(total)
