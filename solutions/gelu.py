"""Reference: GELU (exact and tanh forms) and SiLU, with their local gradients.

    gelu(x)  = x Phi(x) = x/2 (1 + erf(x / sqrt 2))      (approximate="none")
    gelu'(x) = Phi(x) + x phi(x),   phi(x) = exp(-x^2 / 2) / sqrt(2 pi)

    gelu(x) ~ x/2 (1 + tanh u),  u = sqrt(2/pi) (x + 0.044715 x^3)   (approximate="tanh")
    d/dx    = (1 + tanh u) / 2 + x/2 (1 - tanh^2 u) u',  u' = sqrt(2/pi) (1 + 3 * 0.044715 x^2)

    silu(x)  = x sigmoid(x)
    silu'(x) = s + x s (1 - s) = s (1 + x (1 - s)),   s = sigmoid(x)
numpy has no erf, so the exact form uses math.erf elementwise. The sigmoid only
ever exponentiates -|x| <= 0, so it cannot overflow. Each backward is dout times
the local derivative (chain rule).
"""

import math

import numpy as np

erf = np.vectorize(math.erf, otypes=[np.float64])
SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
A = 0.044715


def gelu_forward(x, approximate="none"):
    if approximate == "tanh":
        out = 0.5 * x * (1.0 + np.tanh(SQRT_2_OVER_PI * (x + A * x**3)))
    else:
        out = 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))
    return out, (x, approximate)


def gelu_backward(dout, cache):
    x, approximate = cache
    if approximate == "tanh":
        t = np.tanh(SQRT_2_OVER_PI * (x + A * x**3))
        du = SQRT_2_OVER_PI * (1.0 + 3.0 * A * x**2)
        return dout * (0.5 * (1.0 + t) + 0.5 * x * (1.0 - t**2) * du)
    cdf = 0.5 * (1.0 + erf(x / math.sqrt(2.0)))
    pdf = np.exp(-0.5 * x**2) / math.sqrt(2.0 * math.pi)
    return dout * (cdf + x * pdf)


def _sigmoid(x):
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def silu_forward(x):
    s = _sigmoid(x)
    return x * s, (x, s)


def silu_backward(dout, cache):
    x, s = cache
    return dout * s * (1.0 + x * (1.0 - s))
