"""Mistake: the exact form replaced by the shortcut x * sigmoid(1.702 x).

verdict: wrong_answer
diagnosis: sigmoid approximation x sigmoid(1.702 x)
"""

import math

import numpy as np

erf = np.vectorize(math.erf, otypes=[float])
C = math.sqrt(2.0 / math.pi)


def gelu_forward(x, approximate="none"):
    if approximate == "tanh":
        out = 0.5 * x * (1.0 + np.tanh(C * (x + 0.044715 * x**3)))
    else:
        out = x * sigmoid(1.702 * x)
    return out, (x, approximate)


def gelu_backward(dout, cache):
    x, approximate = cache
    if approximate == "tanh":
        t = np.tanh(C * (x + 0.044715 * x**3))
        du = C * (1.0 + 3 * 0.044715 * x**2)
        return dout * (0.5 * (1.0 + t) + 0.5 * x * (1.0 - t**2) * du)
    s = sigmoid(1.702 * x)
    return dout * (s + 1.702 * x * s * (1.0 - s))


def sigmoid(x):
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def silu_forward(x):
    s = sigmoid(x)
    return x * s, (x, s)


def silu_backward(dout, cache):
    x, s = cache
    return dout * s * (1.0 + x * (1.0 - s))
