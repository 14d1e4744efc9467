"""Inverted dropout: forward and backward (drill: dropout).

Write both functions with numpy only, then run `drill check`.
"""

import numpy as np


def dropout_forward(x, dropout_param):
    """Inverted dropout on x of ANY shape ((N, D), (N, C, H, W), 1-D, ...).

    dropout_param: dict with
      'p': probability of ZEROING each unit (as in torch.nn.Dropout), 0 <= p < 1;
           any other p raises ValueError
      'mode': 'train' or 'test'
      'seed': optional; the same seed must give the same mask

    Train mode: zero each unit independently with probability p and divide the
    kept ones by (1 - p), so every output is 0 or x / (1 - p).
    Test mode: the identity, out equals x.

    Returns (out, cache): out has x's shape and dtype; cache is whatever your
    backward needs. Must not modify x.
    """
    raise NotImplementedError("dropout_forward is not implemented yet")


def dropout_backward(dout, cache):
    """Gradient of dropout_forward: dout has the forward output's shape.

    Train mode: use the SAME mask (and scale) the forward pass drew.
    Test mode: dx equals dout.
    Returns dx with dout's shape. Must not modify dout.
    """
    raise NotImplementedError("dropout_backward is not implemented yet")
