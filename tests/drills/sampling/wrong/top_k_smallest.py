"""Mistake: takes argsort(...)[:, :k], the k smallest logits, for top-k.

verdict: wrong_answer
diagnosis: top-k keeps the k smallest
"""

import numpy as np


def sample_next(logits, rng, temperature=1.0, top_k=None, top_p=None):
    if temperature < 0:
        raise ValueError("temperature must be >= 0")
    if temperature == 0:
        return np.argmax(logits, axis=1)
    z = logits / temperature
    b, v = z.shape
    if top_k is not None and top_k < v:
        idx = np.argsort(z, axis=1)[:, :top_k]
        mask = np.zeros(z.shape, dtype=bool)
        np.put_along_axis(mask, idx, True, axis=1)
        z = np.where(mask, z, -np.inf)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    if top_p is not None and top_p < 1.0:
        order = np.argsort(-p, axis=1)
        sorted_p = np.take_along_axis(p, order, axis=1)
        before = np.cumsum(sorted_p, axis=1) - sorted_p
        keep = np.zeros(p.shape, dtype=bool)
        np.put_along_axis(keep, order, before < top_p, axis=1)
        p = np.where(keep, p, 0.0)
        p = p / p.sum(axis=1, keepdims=True)
    return np.array([rng.choice(v, p=row) for row in p])
