"""Mistake: every forward stores what its backward needs in one module-level
variable, and the backwards read it instead of their cache. A forward followed by
its own backward is right; after a second forward (the same activation in another
layer), the first backward uses the second call's values.

verdict: wrong_answer
diagnosis: state kept outside the cache
"""

import numpy as np

_last = None


def relu_forward(x):
    global _last
    _last = x
    return np.maximum(x, 0.0), None


def relu_backward(dout, cache):
    return np.where(_last > 0, dout, 0.0)


def leaky_relu_forward(x, alpha=0.01):
    global _last
    _last = (x, alpha)
    return np.where(x > 0, x, alpha * x), None


def leaky_relu_backward(dout, cache):
    x, alpha = _last
    return np.where(x > 0, dout, alpha * dout)


def _sigmoid(x):
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def sigmoid_forward(x):
    global _last
    _last = _sigmoid(x)
    return _last, None


def sigmoid_backward(dout, cache):
    return dout * _last * (1.0 - _last)


def tanh_forward(x):
    global _last
    _last = np.tanh(x)
    return _last, None


def tanh_backward(dout, cache):
    return dout * (1.0 - _last**2)
