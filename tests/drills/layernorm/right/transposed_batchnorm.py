"""Correct: reuse batch norm's train-mode maths on x.T (features as the batch axis),
then apply gamma and beta per feature; the backward transposes back and forth."""

import numpy as np


def _normalise_columns(z, eps):
    inv_std = 1.0 / np.sqrt(z.var(axis=0) + eps)
    return (z - z.mean(axis=0)) * inv_std, inv_std


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param["eps"] if "eps" in ln_param else 1e-5
    xhat_t, inv_std = _normalise_columns(x.T, eps)
    xhat = xhat_t.T
    return xhat * gamma + beta, {"xhat_t": xhat_t, "inv_std": inv_std, "gamma": gamma}


def layernorm_backward(dout, cache):
    xhat_t, inv_std, gamma = cache["xhat_t"], cache["inv_std"], cache["gamma"]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat_t.T).sum(axis=0)
    g = (dout * gamma).T  # gradient reaching xhat, as batch norm's (D, N) "batch"
    m = g.shape[0]
    dx_t = inv_std / m * (m * g - g.sum(axis=0) - xhat_t * (g * xhat_t).sum(axis=0))
    return dx_t.T, dgamma, dbeta
