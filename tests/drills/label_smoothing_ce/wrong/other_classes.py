"""Mistake: the other smoothing convention, 1 - eps on the true class and eps / (C - 1)
on each of the others.

verdict: wrong_answer
diagnosis: smoothing spread over the other classes: eps / (C - 1)
"""

import numpy as np


def label_smoothing_ce(logits, labels, smoothing=0.1, ignore_index=-100):
    n, c = logits.shape
    kept = labels != ignore_index
    m = kept.sum()
    if m == 0:
        return 0.0, np.zeros((n, c))
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    targets = np.full((n, c), smoothing / (c - 1))
    rows = np.flatnonzero(kept)
    targets[rows, labels[rows]] = 1.0 - smoothing
    loss = -(targets * log_probs).sum(axis=1)[kept].sum() / m
    dlogits = (np.exp(log_probs) - targets) * kept[:, None] / m
    return float(loss), dlogits
