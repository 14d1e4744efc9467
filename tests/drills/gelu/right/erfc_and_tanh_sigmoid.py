"""Correct: Phi(x) = erfc(-x / sqrt 2) / 2 (accurate in the far negative tail), the
backward reusing the cached gate, SiLU's sigmoid as (1 + tanh(x / 2)) / 2 and its
derivative written with the cached output: s + out (1 - s)."""

import math

import numpy as np

erfc = np.vectorize(math.erfc, otypes=[float])


def gelu_forward(x, approximate="none"):
    if approximate == "none":
        gate = 0.5 * erfc(-x / math.sqrt(2.0))
        slope = gate + x * np.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)
    else:
        k = math.sqrt(2.0 / math.pi)
        t = np.tanh(k * x * (1.0 + 0.044715 * x * x))
        gate = 0.5 + 0.5 * t
        slope = gate + 0.5 * x * (1.0 - t * t) * k * (1.0 + 3.0 * 0.044715 * x * x)
    return x * gate, slope


def gelu_backward(dout, cache):
    return dout * cache


def silu_forward(x):
    s = 0.5 * (1.0 + np.tanh(0.5 * x))
    out = x * s
    return out, (s, out)


def silu_backward(dout, cache):
    s, out = cache
    return dout * (s + out * (1.0 - s))
