"""Mistake: the backward pass draws a fresh mask instead of reusing the forward's.

verdict: wrong_answer
diagnosis: backward draws a new mask
"""

import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if not 0 <= p < 1:
        raise ValueError("p must be in [0, 1)")
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])
    if mode == "train":
        mask = (np.random.rand(*x.shape) >= p) / (1 - p)
        return x * mask, dropout_param
    return x.copy(), dropout_param


def dropout_backward(dout, cache):
    p = cache["p"]
    if cache["mode"] == "train":
        # The global generator has moved on since the forward pass.
        mask = (np.random.rand(*dout.shape) >= p) / (1 - p)
        return dout * mask
    return dout
