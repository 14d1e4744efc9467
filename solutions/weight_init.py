"""Reference: Gaussian weight initialisation scaled by the fan-in.

A weight matrix W of shape (fan_in, fan_out) maps fan_in inputs to fan_out outputs.
Each entry is drawn independently from a normal distribution with mean 0 and
    Xavier (LeCun-style, for tanh / linear layers):  std = sqrt(1 / fan_in)
    He (for ReLU layers):                             std = sqrt(2 / fan_in)
so that, with unit-variance inputs, each pre-activation has variance 1 (or 2, which
ReLU halves back). Glorot's original variant uses std = sqrt(2 / (fan_in + fan_out)).
All randomness comes from the generator passed in.
"""

import numpy as np


def xavier_init(fan_in, fan_out, rng):
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(1.0 / fan_in)


def he_init(fan_in, fan_out, rng):
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)
