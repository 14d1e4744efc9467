"""Mistake: leaky ReLU caches x but keeps alpha in a module-level variable. Each
forward-backward pair is right, even with a non-default alpha; after a second
forward with another alpha, the first backward uses the second call's slope.

verdict: wrong_answer
diagnosis: state kept outside the cache
"""

import numpy as np

ALPHA = 0.01


def relu_forward(x):
    return np.maximum(x, 0.0), x


def relu_backward(dout, cache):
    return np.where(cache > 0, dout, 0.0)


def leaky_relu_forward(x, alpha=0.01):
    global ALPHA
    ALPHA = alpha
    return np.where(x > 0, x, alpha * x), x


def leaky_relu_backward(dout, cache):
    x = cache
    return np.where(x > 0, dout, ALPHA * dout)


def sigmoid_forward(x):
    z = np.exp(-np.abs(x))
    out = np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
    return out, out


def sigmoid_backward(dout, cache):
    return dout * cache * (1.0 - cache)


def tanh_forward(x):
    out = np.tanh(x)
    return out, out


def tanh_backward(dout, cache):
    return dout * (1.0 - cache**2)
