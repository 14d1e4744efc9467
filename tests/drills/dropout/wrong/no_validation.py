"""Mistake: p is never validated, so p = 1 silently divides by zero.

verdict: wrong_answer
"""

import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    rng = np.random.default_rng(dropout_param.get("seed"))
    if mode == "train":
        with np.errstate(divide="ignore", invalid="ignore"):
            mask = (rng.random(x.shape) >= p) / np.float64(1 - p)
        return x * mask, mask
    return x.copy(), None


def dropout_backward(dout, cache):
    return dout if cache is None else dout * cache
