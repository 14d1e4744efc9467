"""Batch normalisation: forward and backward (drill: batchnorm).

Write both functions with numpy only, then run `drill check`.
"""

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    """Batch-normalise x of shape (N, D).

    gamma, beta: shape (D,), learnable scale and shift.
    bn_param: dict with
      'mode': 'train' or 'test' (required)
      'eps': default 1e-5, added to the variance inside the square root
      'momentum': default 0.9
      'running_mean', 'running_var': shape (D,), default zeros

    Train mode: normalise with the batch mean and biased variance (divide by N),
    out = gamma * xhat + beta, then update
        running = momentum * running + (1 - momentum) * batch_statistic
    and store both running statistics back into bn_param.
    Test mode: normalise with the running statistics instead.

    Returns (out, cache): out has shape (N, D); cache is whatever your backward needs.
    Must not modify x, gamma or beta.
    """
    raise NotImplementedError("batchnorm_forward is not implemented yet")


def batchnorm_backward(dout, cache):
    """Gradients of a train-mode batchnorm_forward.

    dout: shape (N, D), upstream gradient; cache: from your batchnorm_forward.
    Returns (dx, dgamma, dbeta) with shapes (N, D), (D,), (D,).
    Must not modify dout.
    """
    raise NotImplementedError("batchnorm_backward is not implemented yet")
