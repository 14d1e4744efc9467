"""Mistake: ignores the mode and drops units in test mode too.

verdict: wrong_answer
diagnosis: test mode not the identity
"""

import numpy as np


def dropout_forward(x, dropout_param):
    p = dropout_param["p"]
    if not 0 <= p < 1:
        raise ValueError("p must be in [0, 1)")
    rng = np.random.default_rng(dropout_param.get("seed"))
    mask = (rng.random(x.shape) >= p) / (1 - p)
    return x * mask, mask


def dropout_backward(dout, cache):
    return dout * cache
