"""Correct: normals built from the generator's uniforms with the Box-Muller transform."""

import numpy as np


def _standard_normal(shape, rng):
    count = int(np.prod(shape))
    u1 = 1.0 - rng.random(count)  # in (0, 1], so the log is finite
    u2 = rng.random(count)
    z = np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)
    return z.reshape(shape)


def xavier_init(fan_in, fan_out, rng):
    return _standard_normal((fan_in, fan_out), rng) * (1.0 / fan_in) ** 0.5


def he_init(fan_in, fan_out, rng):
    return _standard_normal((fan_in, fan_out), rng) * (2.0 / fan_in) ** 0.5
