"""Mistake: relu_forward writes its result through out.reshape(-1), where out is
np.zeros_like(x). zeros_like keeps x's memory layout, and for a Fortran-ordered x
(a transpose) reshape(-1) is a copy: the writes land in the copy and out stays
zero. Right on C-contiguous input only.

verdict: wrong_answer
"""

import numpy as np


def relu_forward(x):
    out = np.zeros_like(x)
    flat = out.reshape(-1)  # a view only when out is C-contiguous
    flat[:] = np.maximum(x.reshape(-1), 0.0)
    return out, x


def relu_backward(dout, cache):
    x = cache
    return np.where(x > 0, dout, 0.0)


def leaky_relu_forward(x, alpha=0.01):
    return np.where(x > 0, x, alpha * x), (x, alpha)


def leaky_relu_backward(dout, cache):
    x, alpha = cache
    return np.where(x > 0, dout, alpha * dout)


def sigmoid_forward(x):
    z = np.exp(-np.abs(x))
    out = np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
    return out, out


def sigmoid_backward(dout, cache):
    s = cache
    return dout * s * (1.0 - s)


def tanh_forward(x):
    out = np.tanh(x)
    return out, out


def tanh_backward(dout, cache):
    t = cache
    return dout * (1.0 - t**2)
