"""Mistake: the tanh formula whatever approximate says (the BERT / GPT-2 habit),
forward and backward.

verdict: wrong_answer
diagnosis: tanh approximation where the exact form was asked
"""

import math

import numpy as np

erf = np.vectorize(math.erf, otypes=[float])
C = math.sqrt(2.0 / math.pi)


def gelu_forward(x, approximate="none"):
    out = 0.5 * x * (1.0 + np.tanh(C * (x + 0.044715 * x**3)))
    return out, (x, approximate)


def gelu_backward(dout, cache):
    x, _ = cache
    t = np.tanh(C * (x + 0.044715 * x**3))
    du = C * (1.0 + 3 * 0.044715 * x**2)
    return dout * (0.5 * (1.0 + t) + 0.5 * x * (1.0 - t**2) * du)


def sigmoid(x):
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def silu_forward(x):
    s = sigmoid(x)
    return x * s, (x, s)


def silu_backward(dout, cache):
    x, s = cache
    return dout * s * (1.0 + x * (1.0 - s))
