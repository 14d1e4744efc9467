"""Gradient clipping by global norm (drill: clip_grad_norm).

Write the function with numpy only, then run `drill check`.
"""

import numpy as np


def clip_grad_norm(grads, max_norm):
    """Clip a dict of gradients by their global L2 norm (PyTorch's clip_grad_norm_).

    grads: dict name -> float64 array of any shape (any memory layout); may be empty.
    max_norm: a positive float.

    total_norm = sqrt(sum over the arrays g of sum(g**2)), ONE norm over all of them,
    measured before clipping (0.0 for an empty dict).
    scale = min(1, max_norm / (total_norm + 1e-6)), the same factor for every array.

    Returns (clipped, total_norm): clipped is a dict with the keys of grads,
    clipped[name] = grads[name] * scale (same shape and dtype); total_norm a float.
    Must not modify grads (the dict or its arrays): return new arrays.
    """
    raise NotImplementedError("clip_grad_norm is not implemented yet")
