"""Correct: explicit loops over every element with the math module, branching on
the sign of x so that exp never sees a large positive argument."""

import math

import numpy as np


def _map(fn, *arrays):
    out = np.empty(arrays[0].shape)
    for idx in np.ndindex(*arrays[0].shape):
        out[idx] = fn(*(float(a[idx]) for a in arrays))
    return out


def relu_forward(x):
    return _map(lambda v: v if v > 0 else 0.0, x), x.copy()


def relu_backward(dout, cache):
    return _map(lambda g, v: g if v > 0 else 0.0, dout, cache)


def leaky_relu_forward(x, alpha=0.01):
    return _map(lambda v: v if v > 0 else alpha * v, x), (x.copy(), alpha)


def leaky_relu_backward(dout, cache):
    x, alpha = cache
    return _map(lambda g, v: g if v > 0 else alpha * g, dout, x)


def _sigmoid(v):
    if v >= 0:
        return 1.0 / (1.0 + math.exp(-v))
    e = math.exp(v)
    return e / (1.0 + e)


def sigmoid_forward(x):
    out = _map(_sigmoid, x)
    return out, out.copy()


def sigmoid_backward(dout, cache):
    return _map(lambda g, s: g * s * (1.0 - s), dout, cache)


def tanh_forward(x):
    out = _map(math.tanh, x)
    return out, out.copy()


def tanh_backward(dout, cache):
    return _map(lambda g, t: g * (1.0 - t * t), dout, cache)
