"""Spatial batch norm for (N, C, H, W) feature maps (drill: spatial_batchnorm).

Write both functions with numpy only, then run `drill check`.
"""

import numpy as np


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    """Batch-normalise a feature map x of shape (N, C, H, W), per channel.

    gamma, beta: shape (C,), per-channel scale and shift.
    bn_param: dict with
      'mode': 'train' or 'test' (required)
      'eps': default 1e-5, added to the variance inside the square root
      'momentum': default 0.9
      'running_mean', 'running_var': shape (C,), default zeros

    Train mode: each channel's mean and biased variance over n, h and w
    (N * H * W values), out = gamma * xhat + beta per channel, then
        running = momentum * running + (1 - momentum) * batch_statistic
    stored back into bn_param (shape (C,)).
    Test mode: normalise with the running statistics, leave them unchanged.

    Returns (out, cache): out has shape (N, C, H, W); cache is your own design.
    Must not modify x, gamma or beta.
    """
    raise NotImplementedError("spatial_batchnorm_forward is not implemented yet")


def spatial_batchnorm_backward(dout, cache):
    """Gradients of a train-mode spatial_batchnorm_forward.

    dout: shape (N, C, H, W); cache: from your forward.
    Returns (dx, dgamma, dbeta) with shapes (N, C, H, W), (C,), (C,).
    Must not modify dout.
    """
    raise NotImplementedError("spatial_batchnorm_backward is not implemented yet")
