"""Mistake: the backward pass uses the 0/1 mask and forgets the 1/(1-p) factor.

verdict: wrong_answer
diagnosis: backward misses the 1/(1-p) scale
"""

import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if not 0 <= p < 1:
        raise ValueError("p must be in [0, 1)")
    rng = np.random.default_rng(dropout_param.get("seed"))
    if mode == "train":
        keep = rng.random(x.shape) >= p
        return x * keep / (1 - p), keep
    return x.copy(), None


def dropout_backward(dout, cache):
    return dout if cache is None else dout * cache
