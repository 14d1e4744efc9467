"""Mistake: concatenates the flattened gradients to take one norm, which raises on an
empty dict (np.concatenate needs at least one array).

verdict: runtime_error
"""

import numpy as np


def clip_grad_norm(grads, max_norm):
    flat = np.concatenate([g.ravel() for g in grads.values()])
    total = np.linalg.norm(flat)
    scale = min(1.0, max_norm / (total + 1e-6))
    return {name: g * scale for name, g in grads.items()}, total
