"""Correct: element by element with the math module (math.erf, math.tanh), a
sigmoid that picks its formula by the sign of x, and the cache as a dict."""

import math

import numpy as np


def _map(f, *arrays):
    out = np.empty(arrays[0].shape)
    for idx in np.ndindex(*arrays[0].shape):
        out[idx] = f(*(float(a[idx]) for a in arrays))
    return out


def _gelu(v, approximate):
    if approximate == "tanh":
        return 0.5 * v * (1.0 + math.tanh(math.sqrt(2.0 / math.pi) * (v + 0.044715 * v**3)))
    return 0.5 * v * (1.0 + math.erf(v / math.sqrt(2.0)))


def _gelu_grad(v, approximate):
    if approximate == "tanh":
        c = math.sqrt(2.0 / math.pi)
        t = math.tanh(c * (v + 0.044715 * v**3))
        return 0.5 * (1.0 + t) + 0.5 * v * (1.0 - t * t) * c * (1.0 + 0.134145 * v * v)
    cdf = 0.5 * (1.0 + math.erf(v / math.sqrt(2.0)))
    pdf = math.exp(-0.5 * v * v) / math.sqrt(2.0 * math.pi)  # underflows to 0.0: fine
    return cdf + v * pdf


def _sigmoid(v):
    if v >= 0:
        return 1.0 / (1.0 + math.exp(-v))
    z = math.exp(v)
    return z / (1.0 + z)


def gelu_forward(x, approximate="none"):
    out = _map(lambda v: _gelu(v, approximate), x)
    return out, {"x": x.copy(), "approximate": approximate}


def gelu_backward(dout, cache):
    approximate = cache["approximate"]
    return _map(lambda d, v: d * _gelu_grad(v, approximate), dout, cache["x"])


def silu_forward(x):
    return _map(lambda v: v * _sigmoid(v), x), {"x": x.copy()}


def silu_backward(dout, cache):
    def grad(d, v):
        s = _sigmoid(v)
        return d * (s + v * s * (1.0 - s))

    return _map(grad, dout, cache["x"])
