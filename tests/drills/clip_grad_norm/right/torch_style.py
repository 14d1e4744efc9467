"""Correct: PyTorch's arrangement, the norm of the per-tensor norms and a clamped
coefficient, np.minimum and np.multiply."""

import numpy as np


def clip_grad_norm(grads, max_norm):
    norms = np.array([np.sqrt(np.vdot(g, g)) for g in grads.values()])
    total_norm = np.linalg.norm(norms)
    clip_coef = max_norm / (total_norm + 1e-6)
    clip_coef_clamped = np.minimum(clip_coef, 1.0)
    clipped = {name: np.multiply(g, clip_coef_clamped) for name, g in grads.items()}
    return clipped, total_norm
