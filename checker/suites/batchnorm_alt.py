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
        # The mean form with the mean term summed, alone or with the x-hat term.
        "sum where a mean belongs": lambda: gamma * inv * (dout - dbeta - xhat * dgamma / n),
        "sum where a mean belongs#2": lambda: gamma * inv * (dout - dbeta - xhat * dgamma),
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
def _staged_forward(x, eps=1e-5):
    mu = x.mean(0)
    xmu = x - mu
    var = (xmu**2).mean(0)
    sqrtvar = np.sqrt(var + eps)
    ivar = 1.0 / sqrtvar
    return xmu * ivar, xmu, ivar, sqrtvar


def _staged_backward(dout, cache, gamma):
    """The backward pass node by node through the computational graph."""
    xhat, xmu, ivar, sqrtvar = cache
    n = dout.shape[0]
    dgamma = (dout * xhat).sum(0)
    dbeta = dout.sum(0)
    dxhat = dout * gamma
    divar = (dxhat * xmu).sum(0)
    dxmu1 = dxhat * ivar
    dsqrtvar = -divar / sqrtvar**2
    dvar = 0.5 / sqrtvar * dsqrtvar
    dsq = np.ones_like(dout) * dvar / n
    dxmu2 = 2 * xmu * dsq
    dmu = -(dxmu1 + dxmu2).sum(0)
    dx = dxmu1 + dxmu2 + dmu / n
    return dx, dgamma, dbeta


def _staged_speed(rng: np.random.Generator):
    x, dout = rng.standard_normal((512, 1024)), rng.standard_normal((512, 1024))
    cache = _staged_forward(x)
    return lambda: _staged_backward(dout, cache, np.ones(1024))


@suite.speed(
    "batchnorm_backward_alt",
    size="N=512, D=1024",
    baseline=_staged_speed,
    baseline_name="the staged (node-by-node) backward",
)
def _speed(impl, rng: np.random.Generator):
    x, dout = rng.standard_normal((512, 1024)), rng.standard_normal((512, 1024))
    _, cache = impl.batchnorm_forward(x, np.ones(1024), np.zeros(1024), {"mode": "train"})
    return lambda: impl.batchnorm_backward_alt(dout, cache)
