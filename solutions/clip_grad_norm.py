"""Reference: clipping a dict of gradients by their global L2 norm, PyTorch's convention
(torch.nn.utils.clip_grad_norm_), returning new arrays instead of clipping in place.

    total = sqrt(sum over every tensor g_k of sum(g_k^2))   (one norm for all of them)
    scale = min(1, max_norm / (total + 1e-6))
    clipped[k] = grads[k] * scale                            (the same factor for every k)
Returns (clipped, total), the norm measured before clipping. An empty dict has norm 0;
all-zero gradients give scale 1, never 0 / 0.
"""

import numpy as np


def clip_grad_norm(grads, max_norm):
    total = float(np.sqrt(sum(np.sum(g * g) for g in grads.values())))
    scale = min(1.0, max_norm / (total + 1e-6))
    return {name: g * scale for name, g in grads.items()}, total
