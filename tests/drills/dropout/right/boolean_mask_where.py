"""Correct: a boolean keep-mask and the scale cached separately; np.where in both passes."""

import numpy as np


def dropout_forward(x, dropout_param):
    p = float(dropout_param["p"])
    if not 0.0 <= p < 1.0:
        raise ValueError("dropout p out of range")
    if dropout_param["mode"] == "test":
        return x.copy(), None
    keep_prob = 1.0 - p
    rng = np.random.default_rng(dropout_param.get("seed"))
    keep = rng.uniform(size=x.shape) < keep_prob
    return np.where(keep, x / keep_prob, 0.0), (keep, keep_prob)


def dropout_backward(dout, cache):
    if cache is None:
        return dout.copy()
    keep, keep_prob = cache
    return np.where(keep, dout / keep_prob, 0.0)
