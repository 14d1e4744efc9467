"""Mistake: returns the per-row losses (zero for ignored rows) instead of their mean.

verdict: wrong_shape
diagnosis: loss not averaged to a scalar
"""

import numpy as np


def label_smoothing_ce(logits, labels, smoothing=0.1, ignore_index=-100):
    n, c = logits.shape
    kept = labels != ignore_index
    m = kept.sum()
    if m == 0:
        return np.zeros(n), np.zeros((n, c))
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.flatnonzero(kept)
    targets = np.full((n, c), smoothing / c)
    targets[rows, labels[rows]] += 1 - smoothing
    losses = -(targets * log_probs).sum(axis=1) * kept
    dlogits = (np.exp(log_probs) - targets) * kept[:, None] / m
    return losses, dlogits
