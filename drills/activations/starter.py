"""Activations: ReLU, leaky ReLU, sigmoid and tanh (drill: activations).

Write all eight functions with numpy only, then run `drill check`.
Every forward returns (out, cache); every backward returns dx with x's shape.
No function may modify its input arrays.
"""

import numpy as np


def relu_forward(x):
    """out = max(x, 0), elementwise. Returns (out, cache)."""
    raise NotImplementedError("relu_forward is not implemented yet")


def relu_backward(dout, cache):
    """dx = dout where x > 0, and 0 where x <= 0 (gradient 0 at exactly x = 0)."""
    raise NotImplementedError("relu_backward is not implemented yet")


def leaky_relu_forward(x, alpha=0.01):
    """out = x where x > 0, alpha * x where x <= 0 (0 <= alpha < 1). Returns (out, cache)."""
    raise NotImplementedError("leaky_relu_forward is not implemented yet")


def leaky_relu_backward(dout, cache):
    """dx = dout where x > 0, alpha * dout where x <= 0 (alpha at exactly x = 0).

    Uses the alpha its forward call was given.
    """
    raise NotImplementedError("leaky_relu_backward is not implemented yet")


def sigmoid_forward(x):
    """out = 1 / (1 + exp(-x)), finite and accurate for |x| up to 1000. Returns (out, cache)."""
    raise NotImplementedError("sigmoid_forward is not implemented yet")


def sigmoid_backward(dout, cache):
    """dx = dout * out * (1 - out), with out the sigmoid of the forward input."""
    raise NotImplementedError("sigmoid_backward is not implemented yet")


def tanh_forward(x):
    """out = tanh(x), finite and accurate for |x| up to 1000. Returns (out, cache)."""
    raise NotImplementedError("tanh_forward is not implemented yet")


def tanh_backward(dout, cache):
    """dx = dout * (1 - out**2), with out the tanh of the forward input."""
    raise NotImplementedError("tanh_backward is not implemented yet")
