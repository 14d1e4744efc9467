"""Hidden suite for the batchnorm drill (CS231n batch norm, (N, D) input).

The properties and mistake models live in _bn_common, shared with batchnorm_alt.
"""

from __future__ import annotations

import numpy as np

from checker.suitekit import Suite
from checker.suites._bn_common import add_batchnorm_properties

suite = Suite()
add_batchnorm_properties(suite, backward="batchnorm_backward")


# ----------------------------------------------------------------- speed


@suite.speed("batchnorm_backward", size="N=512, D=1024")
def _speed(impl, rng: np.random.Generator):
    x, dout = rng.standard_normal((512, 1024)), rng.standard_normal((512, 1024))
    _, cache = impl.batchnorm_forward(x, np.ones(1024), np.zeros(1024), {"mode": "train"})
    return lambda: impl.batchnorm_backward(dout, cache)
