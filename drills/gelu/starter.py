"""GELU and SiLU: forward and backward (drill: gelu).

Write all four functions with numpy only (math from the standard library is fine;
scipy is not), then run `drill check`.
Every forward returns (out, cache); every backward returns dx with x's shape.
No function may modify its input arrays.
"""

import math

import numpy as np


def gelu_forward(x, approximate="none"):
    """GELU, elementwise. Returns (out, cache).

    approximate="none" (default): out = x * Phi(x) = 0.5 * x * (1 + erf(x / sqrt(2))).
    approximate="tanh": out = 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x**3))).
    numpy has no erf: np.vectorize(math.erf, otypes=[float]) works.
    Finite and accurate for |x| up to 1000.
    """
    raise NotImplementedError("gelu_forward is not implemented yet")


def gelu_backward(dout, cache):
    """dx = dout * d/dx GELU(x), for the form (exact or tanh) its forward call used.

    Exact: Phi(x) + x * phi(x), phi(x) = exp(-x**2 / 2) / sqrt(2 * pi).
    """
    raise NotImplementedError("gelu_backward is not implemented yet")


def silu_forward(x):
    """out = x * sigmoid(x), finite and accurate for |x| up to 1000. Returns (out, cache)."""
    raise NotImplementedError("silu_forward is not implemented yet")


def silu_backward(dout, cache):
    """dx = dout * s * (1 + x * (1 - s)), with s = sigmoid(x) of the forward input."""
    raise NotImplementedError("silu_backward is not implemented yet")
