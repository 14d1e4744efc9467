"""Correct: vectorised with an explicit nucleus size. The number of tokens to keep
is one more than the count of sorted cumulative sums below top_p; each row is drawn
by searching its CDF with its own uniform number."""

import numpy as np


def sample_next(logits, rng, temperature=1.0, top_k=None, top_p=None):
    if temperature < 0:
        raise ValueError("temperature must be >= 0")
    logits = np.asarray(logits, dtype=np.float64)
    if temperature == 0:
        return np.argmax(logits, axis=1)
    b, v = logits.shape
    z = logits / temperature
    if top_k:
        k = min(top_k, v)
        kth = np.sort(z, axis=1)[:, v - k][:, None]
        z = np.where(z >= kth, z, -np.inf)
    p = np.exp(z - np.max(z, axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    if top_p is not None:
        order = np.argsort(-p, axis=1)
        cumulative = np.cumsum(np.take_along_axis(p, order, axis=1), axis=1)
        n_keep = (cumulative < top_p).sum(axis=1, keepdims=True) + 1  # the crossing token too
        rank = np.empty_like(order)
        np.put_along_axis(rank, order, np.arange(v)[None, :].repeat(b, axis=0), axis=1)
        p = np.where(rank < n_keep, p, 0.0)
        p /= p.sum(axis=1, keepdims=True)
    cdf = np.cumsum(p, axis=1)
    u = rng.random(b) * cdf[:, -1]
    return np.array([np.searchsorted(cdf[i], u[i], side="right") for i in range(b)])
