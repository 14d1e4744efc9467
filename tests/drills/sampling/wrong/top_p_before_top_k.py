"""Mistake: measures the nucleus on the full softmax and combines it with the top-k
mask, instead of on the distribution renormalised after top-k.

verdict: wrong_answer
diagnosis: top-p measured before top-k
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
    p = _softmax(z)
    keep = np.ones(z.shape, dtype=bool)
    if top_k is not None and top_k < v:
        keep &= z >= np.sort(z, axis=1)[:, -top_k, None]
    if top_p is not None and top_p < 1.0:
        order = np.argsort(-p, axis=1)
        sorted_p = np.take_along_axis(p, order, axis=1)
        before = np.cumsum(sorted_p, axis=1) - sorted_p
        nucleus = np.zeros(p.shape, dtype=bool)
        np.put_along_axis(nucleus, order, before < top_p, axis=1)
        keep &= nucleus
    p = np.where(keep, p, 0.0)
    p = p / p.sum(axis=1, keepdims=True)
    return np.array([rng.choice(v, p=row) for row in p])
