"""Layer normalisation: forward and backward (drill: layernorm).

Write both functions with numpy only, then run `drill check`.
"""

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    """Layer-normalise x of shape (N, D): each row with the statistics of its own D features.

    gamma, beta: shape (D,), learnable scale and shift per feature.
    ln_param: dict, possibly empty; 'eps' (default 1e-5) is added to the variance
    inside the square root. No mode, no running statistics.

    Per row: mean and biased variance (divide by D), xhat = (x - mean) / sqrt(var + eps),
    out = gamma * xhat + beta.

    Returns (out, cache): out has shape (N, D); cache is whatever your backward needs.
    Must not modify x, gamma or beta.
    """
    raise NotImplementedError("layernorm_forward is not implemented yet")


def layernorm_backward(dout, cache):
    """Gradients of layernorm_forward.

    dout: shape (N, D), upstream gradient; cache: from your layernorm_forward.
    Returns (dx, dgamma, dbeta) with shapes (N, D), (D,), (D,).
    Must not modify dout.
    """
    raise NotImplementedError("layernorm_backward is not implemented yet")
