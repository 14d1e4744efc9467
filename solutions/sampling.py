"""Reference: next-token sampling from logits with temperature, top-k and top-p.

For each row of logits (B, V), in this order (as Hugging Face's generate does):
    z    = logits / T                                   (T = 0: greedy, argmax)
    top-k: keep z_j >= the k-th largest z of the row    (ties with it are kept)
    p    = softmax(z over the kept tokens)              (max subtracted: no overflow)
    top-p: sort p descending; keep a token while the mass strictly before it is
           < top_p, the smallest set reaching top_p (the crossing token included)
    p    = p on the kept tokens, renormalised to sum to 1
    token = inverse CDF: the first j with cumsum(p)_j > u, u = rng.random() per row
"""

import numpy as np


def sample_next(logits, rng, temperature=1.0, top_k=None, top_p=None):
    if temperature < 0:
        raise ValueError(f"temperature must be >= 0, got {temperature}")
    if temperature == 0:
        return np.argmax(logits, axis=1)
    z = logits / temperature
    if top_k is not None and top_k < z.shape[1]:
        kth = np.sort(z, axis=1)[:, -top_k, None]  # the k-th largest of each row
        z = np.where(z >= kth, z, -np.inf)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    if top_p is not None and top_p < 1.0:
        order = np.argsort(-p, axis=1, kind="stable")
        sorted_p = np.take_along_axis(p, order, axis=1)
        before = np.cumsum(sorted_p, axis=1) - sorted_p  # mass strictly before each token
        keep = np.zeros(p.shape, dtype=bool)
        np.put_along_axis(keep, order, before < top_p, axis=1)
        p = np.where(keep, p, 0.0)
        p = p / p.sum(axis=1, keepdims=True)
    cdf = np.cumsum(p, axis=1)
    cdf = cdf / cdf[:, -1:]  # exactly 1 at the end, so u < 1 always lands on a token
    u = rng.random((p.shape[0], 1))
    return (cdf <= u).sum(axis=1)
