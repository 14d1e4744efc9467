"""Mistake: exponentiates the raw logits: exp(1000) overflows to inf.

verdict: wrong_answer
diagnosis: no max subtraction
"""

import numpy as np


def label_smoothing_ce(logits, labels, smoothing=0.1, ignore_index=-100):
    n, c = logits.shape
    kept = labels != ignore_index
    m = kept.sum()
    if m == 0:
        return 0.0, np.zeros((n, c))
    exp = np.exp(logits)
    probs = exp / exp.sum(axis=1, keepdims=True)
    rows = np.flatnonzero(kept)
    targets = np.full((n, c), smoothing / c)
    targets[rows, labels[rows]] += 1 - smoothing
    loss = -(targets * np.log(probs)).sum(axis=1)[kept].sum() / m
    dlogits = np.where(kept[:, None], probs - targets, 0.0) / m
    return float(loss), dlogits
