"""Batch norm with the backward pass as one expression (drill: batchnorm_alt).

Write both functions with numpy only, then run `drill check`.
"""

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    """Batch-normalise x of shape (N, D); the contract of the batchnorm drill.

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
    Test mode: normalise with the running statistics and leave them unchanged.

    Returns (out, cache): out has shape (N, D); cache holds what the one-line
    backward needs (for instance xhat, gamma and 1 / sqrt(var + eps)).
    Must not modify x, gamma or beta.
    """
    raise NotImplementedError("batchnorm_forward is not implemented yet")


def batchnorm_backward_alt(dout, cache):
    """Gradients of a train-mode batchnorm_forward, dx as one simplified expression.

    dout: shape (N, D), upstream gradient; cache: from your batchnorm_forward.
    Returns (dx, dgamma, dbeta) with shapes (N, D), (D,), (D,).
    Must not modify dout.
    """
    raise NotImplementedError("batchnorm_backward_alt is not implemented yet")
