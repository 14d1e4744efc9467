"""Mistake: guards the log with log(p + 1e-12), which caps the cost of a class whose
probability underflows.

verdict: wrong_answer
diagnosis: epsilon added inside the log
"""

import numpy as np


def label_smoothing_ce(logits, labels, smoothing=0.1, ignore_index=-100):
    n, c = logits.shape
    kept = labels != ignore_index
    m = kept.sum()
    if m == 0:
        return 0.0, np.zeros((n, c))
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs = exp / exp.sum(axis=1, keepdims=True)
    rows = np.flatnonzero(kept)
    targets = np.full((n, c), smoothing / c)
    targets[rows, labels[rows]] += 1 - smoothing
    loss = -(targets * np.log(probs + 1e-12)).sum(axis=1)[kept].sum() / m
    dlogits = (probs - targets) * kept[:, None] / m
    return float(loss), dlogits
