"""Correct: Hugging Face's warpers in numpy. Filtered logits become -inf; top-k uses
np.partition for the k-th largest; top-p sorts in increasing order and removes the
tokens whose cumulative probability is <= 1 - top_p (always keeping the last one);
each row is then drawn with rng.choice."""

import numpy as np


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def sample_next(logits, rng, temperature=1.0, top_k=None, top_p=None):
    if temperature < 0:
        raise ValueError(f"temperature must be >= 0, got {temperature}")
    if temperature == 0:
        return np.argmax(logits, axis=-1)
    scores = np.array(logits, dtype=np.float64) / temperature
    v = scores.shape[-1]
    if top_k is not None:
        k = min(top_k, v)
        kth = np.partition(scores, v - k, axis=-1)[:, v - k : v - k + 1]
        scores[scores < kth] = -np.inf
    if top_p is not None:
        order = np.argsort(scores, axis=-1, kind="stable")  # increasing
        sorted_scores = np.take_along_axis(scores, order, axis=-1)
        cumulative = np.cumsum(_softmax(sorted_scores), axis=-1)
        remove = cumulative <= 1 - top_p
        remove[:, -1] = False
        to_remove = np.zeros_like(remove)
        np.put_along_axis(to_remove, order, remove, axis=-1)
        scores[to_remove] = -np.inf
    probs = _softmax(scores)
    return np.array([rng.choice(v, p=row) for row in probs])
