"""RMSNorm: forward and backward (drill: rmsnorm).

Write both functions with numpy only, then run `drill check`.
"""

import numpy as np


def rmsnorm_forward(x, gamma, eps=1e-6):
    """RMS-normalise x of shape (N, D): each row by the root mean square of its own features.

    gamma: shape (D,), learnable gain per feature. No beta, no mean subtraction.
    eps: added to the mean square inside the square root (default 1e-6).

    Per row: rms = sqrt(mean(x**2 over the D features) + eps), xhat = x / rms,
    out = gamma * xhat.

    Returns (out, cache): out has shape (N, D); cache is whatever your backward needs.
    Must not modify x or gamma.
    """
    raise NotImplementedError("rmsnorm_forward is not implemented yet")


def rmsnorm_backward(dout, cache):
    """Gradients of rmsnorm_forward.

    dout: shape (N, D), upstream gradient; cache: from your rmsnorm_forward.
    Returns (dx, dgamma) with shapes (N, D) and (D,).
    Must not modify dout.
    """
    raise NotImplementedError("rmsnorm_backward is not implemented yet")
