"""Mistake: test mode multiplies by 1 - p as vanilla dropout would, on top of inverted scaling.

verdict: wrong_answer
diagnosis: test mode not the identity
"""

import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if not 0 <= p < 1:
        raise ValueError("p must be in [0, 1)")
    rng = np.random.default_rng(dropout_param.get("seed"))
    if mode == "train":
        mask = (rng.random(x.shape) >= p) / (1 - p)
        return x * mask, (mode, mask)
    return x * (1 - p), (mode, 1 - p)


def dropout_backward(dout, cache):
    mode, mask = cache
    return dout * mask
