"""Mistake: removes every token whose cumulative probability exceeds top_p without
shifting the mask, so the token that crosses top_p is dropped (the first token is
kept so that something is left).

verdict: wrong_answer
diagnosis: top-p excludes the crossing token
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
        kth = np.sort(z, axis=1)[:, -top_k, None]
        z = np.where(z >= kth, z, -np.inf)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    if top_p is not None and top_p < 1.0:
        order = np.argsort(-p, axis=1)
        cumulative = np.cumsum(np.take_along_axis(p, order, axis=1), axis=1)
        remove = cumulative > top_p
        remove[:, 0] = False
        drop = np.zeros(p.shape, dtype=bool)
        np.put_along_axis(drop, order, remove, axis=1)
        p = np.where(drop, 0.0, p)
        p = p / p.sum(axis=1, keepdims=True)
    return np.array([rng.choice(v, p=row) for row in p])
