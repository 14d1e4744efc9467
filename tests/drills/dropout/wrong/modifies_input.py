"""Mistake: applies the mask to x in place, changing the caller's array.

verdict: wrong_answer
"""

import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if not 0 <= p < 1:
        raise ValueError("p must be in [0, 1)")
    rng = np.random.default_rng(dropout_param.get("seed"))
    if mode == "train":
        mask = (rng.random(x.shape) >= p) / (1 - p)
        x *= mask
        return x, mask
    return x, None


def dropout_backward(dout, cache):
    return dout if cache is None else dout * cache
