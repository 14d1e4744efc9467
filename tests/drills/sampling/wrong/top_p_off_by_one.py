"""Mistake: counts the tokens to keep as the index of the crossing token plus one,
then slices one past that: the token after the crossing one is kept too.

verdict: wrong_answer
diagnosis: off-by-one in the cumulative cut
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
    tokens = np.empty(b, dtype=np.int64)
    for i in range(b):
        row = p[i]
        if top_p is not None and top_p < 1.0:
            order = np.argsort(-row)
            cumulative = np.cumsum(row[order])
            cutoff = int(np.searchsorted(cumulative, top_p)) + 1  # keep up to the crossing token
            kept = order[: cutoff + 1]
            row = np.zeros(v)
            row[kept] = p[i, kept]
            row = row / row.sum()
        tokens[i] = rng.choice(v, p=row)
    return tokens
