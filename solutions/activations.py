"""Reference: elementwise activations and their local gradients.

    relu(x)       = max(x, 0)                       relu'(x)    = 1 if x > 0 else 0
    leaky(x)      = x if x > 0 else alpha x         leaky'(x)   = 1 if x > 0 else alpha
    sigmoid(x)    = 1 / (1 + exp(-x))               sigmoid'(x) = s (1 - s)
    tanh(x)                                         tanh'(x)    = 1 - t^2
The kinks at x = 0 take the negative side's slope (0 for ReLU, alpha for leaky).
The sigmoid only ever exponentiates -|x| <= 0, so it cannot overflow:
    z = exp(-|x|);  sigmoid(x) = 1 / (1 + z) for x >= 0,  z / (1 + z) for x < 0.
Each backward is dout times the local derivative (chain rule).
"""

import numpy as np


def relu_forward(x):
    return np.maximum(x, 0.0), x


def relu_backward(dout, cache):
    x = cache
    return np.where(x > 0, dout, 0.0)


def leaky_relu_forward(x, alpha=0.01):
    return np.where(x > 0, x, alpha * x), (x, alpha)


def leaky_relu_backward(dout, cache):
    x, alpha = cache
    return np.where(x > 0, dout, alpha * dout)


def sigmoid_forward(x):
    z = np.exp(-np.abs(x))
    out = np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
    return out, out


def sigmoid_backward(dout, cache):
    s = cache
    return dout * s * (1.0 - s)


def tanh_forward(x):
    out = np.tanh(x)
    return out, out


def tanh_backward(dout, cache):
    t = cache
    return dout * (1.0 - t**2)
