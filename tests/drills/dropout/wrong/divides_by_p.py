"""Mistake: kept units divided by p instead of 1 - p.

verdict: wrong_answer
diagnosis: kept units divided by p
"""

import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if not 0 <= p < 1:
        raise ValueError("p must be in [0, 1)")
    rng = np.random.default_rng(dropout_param.get("seed"))
    if mode == "train":
        mask = (rng.random(x.shape) >= p) / p
        return x * mask, mask
    return x.copy(), None


def dropout_backward(dout, cache):
    return dout if cache is None else dout * cache
