"""Correct: one row at a time in plain Python: sort the tokens, walk the cumulative
probability for top-p, and draw with rng.choice on the renormalised probabilities."""

import math

import numpy as np


def sample_next(logits, rng, temperature=1.0, top_k=None, top_p=None):
    if temperature < 0:
        raise ValueError("temperature must be non-negative")
    b, v = logits.shape
    tokens = np.empty(b, dtype=np.int64)
    for i in range(b):
        row = [float(x) for x in logits[i]]
        if temperature == 0:
            tokens[i] = row.index(max(row))
            continue
        z = [x / temperature for x in row]
        kept = list(range(v))
        if top_k is not None and top_k < v:
            kth = sorted(z, reverse=True)[top_k - 1]
            kept = [j for j in kept if z[j] >= kth]
        top = max(z[j] for j in kept)
        weights = {j: math.exp(z[j] - top) for j in kept}
        total = sum(weights.values())
        probs = {j: w / total for j, w in weights.items()}
        if top_p is not None and top_p < 1.0:
            nucleus, mass = [], 0.0
            for j in sorted(kept, key=lambda j: -probs[j]):
                if mass >= top_p:
                    break
                nucleus.append(j)
                mass += probs[j]
            kept = nucleus
        p = np.zeros(v)
        for j in kept:
            p[j] = probs[j]
        tokens[i] = rng.choice(v, p=p / p.sum())
    return tokens
