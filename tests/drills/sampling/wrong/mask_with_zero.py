"""Mistake: "removes" filtered tokens by setting their logits to 0, not -inf.

verdict: wrong_answer
diagnosis: filtered logits set to 0 instead of minus infinity
"""

import numpy as np


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def sample_next(logits, rng, temperature=1.0, top_k=None, top_p=None):
    if temperature < 0:
        raise ValueError("temperature must be >= 0")
    if temperature == 0:
        return np.argmax(logits, axis=1)
    z = logits / temperature
    b, v = z.shape
    if top_k is not None and top_k < v:
        kth = np.sort(z, axis=1)[:, -top_k, None]
        z = np.where(z >= kth, z, 0.0)
    if top_p is not None and top_p < 1.0:
        p = _softmax(z)
        order = np.argsort(-p, axis=1)
        sorted_p = np.take_along_axis(p, order, axis=1)
        before = np.cumsum(sorted_p, axis=1) - sorted_p
        keep = np.zeros(p.shape, dtype=bool)
        np.put_along_axis(keep, order, before < top_p, axis=1)
        z = np.where(keep, z, 0.0)
    p = _softmax(z)
    return np.array([rng.choice(v, p=row) for row in p])
