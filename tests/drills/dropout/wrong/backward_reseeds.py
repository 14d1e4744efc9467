"""Mistake: the backward pass redraws the mask from dropout_param's seed (fine with a seed, a
fresh mask without one) instead of caching the forward's mask.

verdict: wrong_answer
diagnosis: backward draws a new mask
"""

import numpy as np


def _mask(shape, dropout_param):
    p = dropout_param["p"]
    rng = np.random.default_rng(dropout_param.get("seed"))
    return (rng.random(shape) >= p) / (1 - p)


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if not 0 <= p < 1:
        raise ValueError("p must be in [0, 1)")
    if mode == "train":
        return x * _mask(x.shape, dropout_param), dropout_param
    return x.copy(), dropout_param


def dropout_backward(dout, cache):
    if cache["mode"] == "train":
        return dout * _mask(dout.shape, cache)
    return dout.copy()
