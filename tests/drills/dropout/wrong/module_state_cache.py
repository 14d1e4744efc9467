"""Mistake: the mask lives in a module-level variable that the backward reads,
instead of in the cache. Forward then backward is right; in a network with two
dropout layers, the first layer's backward uses the second layer's mask.

verdict: wrong_answer
diagnosis: state kept outside the cache
"""

import numpy as np

_mask = None


def dropout_forward(x, dropout_param):
    global _mask
    p = dropout_param["p"]
    mode = dropout_param["mode"]
    if not 0 <= p < 1:
        raise ValueError(f"dropout probability p must be in [0, 1), got {p}")
    if mode == "train":
        rng = np.random.default_rng(dropout_param.get("seed"))
        _mask = (rng.random(x.shape) >= p) / (1 - p)
        return x * _mask, mode
    return x.copy(), mode


def dropout_backward(dout, cache):
    if cache == "train":
        return dout * _mask
    return dout.copy()
