"""Hidden suite for batchnorm_alt: batch norm whose backward is one simplified
expression. The forward contract is batchnorm's, so the properties are the shared
ones (checker.suites._bn_common); what this drill adds is the ways a hand-simplified
formula goes wrong, and a timing of the backward reported as advice.
"""

from __future__ import annotations

import numpy as np

from checker.suitekit import Suite
from checker.suites._bn_common import add_batchnorm_properties, backward_mistakes


def compact_mistakes(x, gamma, eps, dout):
    """The slips of a hand-collapsed dx, then the staged-graph ones batchnorm knows."""
    n = x.shape[0]
    mu, var = x.mean(0), x.var(0)
    inv = 1.0 / np.sqrt(var + eps)
    xhat = (x - mu) * inv
    dbeta, dgamma = dout.sum(0), (dout * xhat).sum(0)

    def without_eps():
        std = np.sqrt(var)  # zero for a constant feature: the model gives inf there
        raw = (x - mu) / std
        return gamma / (n * std) * (n * dout - dbeta - raw * (dout * raw).sum(0))

    return {
        "compact formula without N on the first term": lambda: (
            gamma * inv / n * (dout - dbeta - xhat * dgamma)
        ),
        "compact formula without the 1/N factor": lambda: (
            gamma * inv * (n * dout - dbeta - xhat * dgamma)
        ),
        "x-hat term not divided by N": lambda: gamma * inv * (dout - dbeta / n - xhat * dgamma),
        "(x - mu) where x-hat belongs": lambda: (
            gamma * inv / n * (n * dout - dbeta - (x - mu) * dgamma)
        ),
        "epsilon dropped in the backward": without_eps,
        **backward_mistakes(x, gamma, eps, dout),
    }


suite = Suite()
add_batchnorm_properties(suite, backward="batchnorm_backward_alt", backward_models=compact_mistakes)


# Advice only: a per-element loop answer is correct but far slower than one array
# expression, which is the point of this drill.
@suite.speed("batchnorm_backward_alt", size="N=512, D=1024")
def _speed(impl, rng: np.random.Generator):
    x, dout = rng.standard_normal((512, 1024)), rng.standard_normal((512, 1024))
    _, cache = impl.batchnorm_forward(x, np.ones(1024), np.zeros(1024), {"mode": "train"})
    return lambda: impl.batchnorm_backward_alt(dout, cache)
