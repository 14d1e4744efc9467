"""Weight initialisation: Xavier and He (drill: weight_init).

Write both functions with numpy only, then run `drill check`.
"""

import numpy as np


def xavier_init(fan_in, fan_out, rng):
    """Weights of shape (fan_in, fan_out), float64, normal with mean 0 and
    standard deviation sqrt(1 / fan_in).

    rng: a np.random.Generator; draw every random number from it.
    """
    raise NotImplementedError("xavier_init is not implemented yet")


def he_init(fan_in, fan_out, rng):
    """Weights of shape (fan_in, fan_out), float64, normal with mean 0 and
    standard deviation sqrt(2 / fan_in).

    rng: a np.random.Generator; draw every random number from it.
    """
    raise NotImplementedError("he_init is not implemented yet")
