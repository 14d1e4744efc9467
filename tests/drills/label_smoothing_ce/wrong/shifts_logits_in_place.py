"""Mistake: subtracts the row max from logits in place, changing the caller's array.

verdict: wrong_answer
"""

import numpy as np


def label_smoothing_ce(logits, labels, smoothing=0.1, ignore_index=-100):
    n, c = logits.shape
    kept = labels != ignore_index
    m = kept.sum()
    if m == 0:
        return 0.0, np.zeros((n, c))
    logits -= logits.max(axis=1, keepdims=True)
    log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    rows = np.flatnonzero(kept)
    targets = np.full((n, c), smoothing / c)
    targets[rows, labels[rows]] += 1 - smoothing
    loss = -(targets * log_probs).sum(axis=1)[kept].sum() / m
    dlogits = (np.exp(log_probs) - targets) * kept[:, None] / m
    return float(loss), dlogits
