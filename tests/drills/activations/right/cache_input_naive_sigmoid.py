"""Correct: every forward caches its input and every backward recomputes the
derivative from x. The sigmoid is the textbook 1 / (1 + exp(-x)): for x below
about -709, exp(-x) overflows to inf with a RuntimeWarning, but 1 / (1 + inf) is
exactly 0.0, the correctly saturated value, so the results are right (the
contract judges results, not warnings). tanh' = 1 / cosh(x)^2 likewise gives 0.0
once cosh overflows."""

import numpy as np


def relu_forward(x):
    out = x.copy()
    out[out < 0] = 0.0
    return out, x


def relu_backward(dout, cache):
    dx = dout.copy()
    dx[cache <= 0] = 0.0
    return dx


def leaky_relu_forward(x, alpha=0.01):
    out = x.copy()
    negative = x <= 0
    out[negative] *= alpha
    return out, (x, alpha)


def leaky_relu_backward(dout, cache):
    x, alpha = cache
    dx = dout.copy()
    dx[x <= 0] *= alpha
    return dx


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def sigmoid_forward(x):
    return _sigmoid(x), x


def sigmoid_backward(dout, cache):
    s = _sigmoid(cache)
    return dout * s * (1 - s)


def tanh_forward(x):
    return np.tanh(x), x


def tanh_backward(dout, cache):
    return dout / np.cosh(cache) ** 2
