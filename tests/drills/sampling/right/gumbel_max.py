"""Correct: the Gumbel-max trick. argmax(z + G) with G standard Gumbel noise is a
draw from softmax(z), and a filtered token is given z = -inf so it never wins. No
softmax is needed to draw, only to measure the nucleus for top-p."""

import numpy as np


def sample_next(logits, rng, temperature=1.0, top_k=None, top_p=None):
    if temperature < 0:
        raise ValueError("negative temperature")
    if temperature == 0:
        return logits.argmax(axis=1)
    z = logits / temperature
    b, v = z.shape
    if top_k is not None and top_k < v:
        threshold = -np.sort(-z, axis=1)[:, top_k - 1 : top_k]
        z = np.where(z < threshold, -np.inf, z)
    if top_p is not None and top_p < 1:
        shifted = np.exp(z - z.max(axis=1, keepdims=True))
        p = shifted / shifted.sum(axis=1, keepdims=True)
        order = np.argsort(-p, axis=1)
        ranked = np.take_along_axis(p, order, axis=1)
        cumulative = np.cumsum(ranked, axis=1)
        before = np.concatenate([np.zeros((b, 1)), cumulative[:, :-1]], axis=1)
        ranks = np.argsort(order, axis=1)  # where each token sits in the order
        keep = np.take_along_axis(before < top_p, ranks, axis=1)
        z = np.where(keep, z, -np.inf)
    return np.argmax(z + rng.gumbel(size=(b, v)), axis=1)
