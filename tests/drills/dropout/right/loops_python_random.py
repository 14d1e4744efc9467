"""Correct: explicit loops over every unit, Python's own random module for the draws."""

import random

import numpy as np


def dropout_forward(x, dropout_param):
    p = dropout_param["p"]
    if not (0 <= p < 1):
        raise ValueError("p must satisfy 0 <= p < 1")
    out = np.empty_like(x)
    if dropout_param["mode"] != "train":
        for idx in np.ndindex(x.shape):
            out[idx] = x[idx]
        return out, ("test", None)
    gen = random.Random(dropout_param.get("seed"))
    scale = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        if gen.random() >= p:
            scale[idx] = 1.0 / (1.0 - p)
        out[idx] = x[idx] * scale[idx]
    return out, ("train", scale)


def dropout_backward(dout, cache):
    mode, scale = cache
    dx = np.empty_like(dout)
    for idx in np.ndindex(dout.shape):
        dx[idx] = dout[idx] if mode != "train" else dout[idx] * scale[idx]
    return dx
