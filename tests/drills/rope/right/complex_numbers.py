"""Correct: each pair (x_i, x_(i + d/2)) as the complex number x_i + 1j x_(i + d/2),
turned by multiplying with exp(1j a); the backward multiplies by the conjugate."""

import numpy as np


def _turn(x, pos, base, sign):
    d = x.shape[-1]
    half = d // 2
    theta = np.exp(-np.log(base) * np.arange(half) * 2.0 / d)
    z = x[..., :half] + 1j * x[..., half:]
    z = z * np.exp(sign * 1j * np.multiply.outer(pos, theta))
    return np.concatenate([z.real, z.imag], axis=-1)


def rope(x, pos, base=10000.0):
    return _turn(x, pos, base, 1.0)


def rope_backward(dout, pos, base=10000.0):
    return _turn(dout, pos, base, -1.0)
