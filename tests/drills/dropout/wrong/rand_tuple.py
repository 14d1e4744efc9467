"""Mistake: np.random.rand(x.shape) instead of np.random.rand(*x.shape) (rand takes dimensions).

verdict: runtime_error
"""

import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if not 0 <= p < 1:
        raise ValueError("p must be in [0, 1)")
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])
    if mode == "train":
        mask = (np.random.rand(x.shape) >= p) / (1 - p)
        return x * mask, mask
    return x.copy(), None


def dropout_backward(dout, cache):
    return dout if cache is None else dout * cache
