"""Mistake: the forward keeps what the backward needs in module-level variables
and the backward reads them, ignoring its cache. A forward followed by its backward
is right; after two forwards, the first backward uses the second call's values.

verdict: wrong_answer
diagnosis: state kept outside the cache
"""

import numpy as np

_saved = {}


def rmsnorm_forward(x, gamma, eps=1e-6):
    rms = np.sqrt(np.mean(x**2, axis=1, keepdims=True) + eps)
    xhat = x / rms
    _saved.update(xhat=xhat, gamma=gamma, rms=rms)
    return gamma * xhat, None


def rmsnorm_backward(dout, cache):
    xhat, gamma, rms = _saved["xhat"], _saved["gamma"], _saved["rms"]
    dxhat = dout * gamma
    dx = (dxhat - xhat * np.mean(dxhat * xhat, axis=1, keepdims=True)) / rms
    dgamma = np.sum(dout * xhat, axis=0)
    return dx, dgamma
