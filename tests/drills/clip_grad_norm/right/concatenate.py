"""Correct: one flat vector for the norm (guarded for an empty dict), and in-place
scaling on copies."""

import numpy as np


def clip_grad_norm(grads, max_norm):
    if not grads:
        return {}, 0.0
    flat = np.concatenate([np.ravel(g) for g in grads.values()])
    total = np.linalg.norm(flat)
    clip_coef = max_norm / (total + 1e-6)
    clipped = {}
    for name, g in grads.items():
        c = g.copy()
        if clip_coef < 1.0:
            c *= clip_coef
        clipped[name] = c
    return clipped, float(total)
