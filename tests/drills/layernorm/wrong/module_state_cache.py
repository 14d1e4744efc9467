"""Mistake: the forward pushes what the backward needs onto a module-level stack
and the backward pops the top, ignoring its cache. A forward followed by its
backward is right; after two forwards, the first backward pops the second
call's values.

verdict: wrong_answer
diagnosis: state kept outside the cache
"""

import numpy as np

_stack = []


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = (x - mu) * inv_std
    out = gamma * xhat + beta
    _stack.append((xhat, gamma, inv_std))
    return out, len(_stack)


def layernorm_backward(dout, cache):
    xhat, gamma, inv_std = _stack.pop()
    D = dout.shape[1]
    dxhat = dout * gamma
    dx = (inv_std / D) * (
        D * dxhat
        - dxhat.sum(axis=1, keepdims=True)
        - xhat * (dxhat * xhat).sum(axis=1, keepdims=True)
    )
    dgamma = (dout * xhat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    return dx, dgamma, dbeta
