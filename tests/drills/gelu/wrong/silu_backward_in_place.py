"""Mistake: the SiLU backward scales dout in place, changing the caller's array.

verdict: wrong_answer
"""

import math

import numpy as np

erf = np.vectorize(math.erf, otypes=[float])
C = math.sqrt(2.0 / math.pi)


def gelu_forward(x, approximate="none"):
    if approximate == "tanh":
        out = 0.5 * x * (1.0 + np.tanh(C * (x + 0.044715 * x**3)))
    else:
        out = 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))
    return out, (x, approximate)


def gelu_backward(dout, cache):
    x, approximate = cache
    if approximate == "tanh":
        t = np.tanh(C * (x + 0.044715 * x**3))
        du = C * (1.0 + 3 * 0.044715 * x**2)
        return dout * (0.5 * (1.0 + t) + 0.5 * x * (1.0 - t**2) * du)
    cdf = 0.5 * (1.0 + erf(x / math.sqrt(2.0)))
    pdf = np.exp(-0.5 * x**2) / math.sqrt(2.0 * math.pi)
    return dout * (cdf + x * pdf)


def sigmoid(x):
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def silu_forward(x):
    s = sigmoid(x)
    return x * s, (x, s)


def silu_backward(dout, cache):
    x, s = cache
    dout *= s * (1.0 + x * (1.0 - s))
    return dout
