"""Correct: multiply-by-mask ReLUs, leaky ReLU as max(alpha x, x), sigmoid through
logaddexp (log sigmoid(x) = -log(1 + exp(-x))), tanh as 2 sigmoid(2x) - 1."""

import numpy as np


def relu_forward(x):
    return x * (x > 0), x


def relu_backward(dout, cache):
    return dout * (cache > 0).astype(dout.dtype)


def leaky_relu_forward(x, alpha=0.01):
    # max(alpha x, x) is leaky ReLU because 0 <= alpha < 1.
    return np.maximum(alpha * x, x), {"x": x, "alpha": alpha}


def leaky_relu_backward(dout, cache):
    slope = np.where(cache["x"] > 0, 1.0, cache["alpha"])
    return dout * slope


def _sigmoid(x):
    return np.exp(-np.logaddexp(0.0, -x))


def sigmoid_forward(x):
    s = _sigmoid(x)
    return s, s


def sigmoid_backward(dout, cache):
    return dout * cache * (1.0 - cache)


def tanh_forward(x):
    t = 2.0 * _sigmoid(2.0 * x) - 1.0
    return t, t


def tanh_backward(dout, cache):
    return dout * (1.0 - cache * cache)
