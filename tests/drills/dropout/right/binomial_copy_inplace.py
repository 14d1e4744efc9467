"""Correct: a binomial mask, zeroing and rescaling a copy of x in place."""

import numpy as np


def dropout_forward(x, dropout_param):
    p = dropout_param["p"]
    if p < 0 or p >= 1:
        raise ValueError("p outside [0, 1)")
    out = np.array(x, copy=True)
    if dropout_param["mode"] == "train":
        rng = np.random.RandomState(dropout_param.get("seed"))
        dropped = rng.binomial(1, p, size=x.shape).astype(bool)
        out[dropped] = 0.0
        out /= 1 - p
        return out, (dropped, 1 - p)
    return out, None


def dropout_backward(dout, cache):
    dx = np.array(dout, copy=True)
    if cache is not None:
        dropped, keep = cache
        dx[dropped] = 0.0
        dx /= keep
    return dx
