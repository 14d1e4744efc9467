"""Mistake: PyTorch's default label_smoothing = 0.0 instead of this contract's 0.1.

verdict: wrong_answer
diagnosis: wrong default smoothing
"""

import numpy as np


def label_smoothing_ce(logits, labels, smoothing=0.0, ignore_index=-100):
    n, c = logits.shape
    kept = labels != ignore_index
    m = kept.sum()
    if m == 0:
        return 0.0, np.zeros((n, c))
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.flatnonzero(kept)
    targets = np.full((n, c), smoothing / c)
    targets[rows, labels[rows]] += 1 - smoothing
    loss = -(targets * log_probs).sum(axis=1)[kept].sum() / m
    dlogits = (np.exp(log_probs) - targets) * kept[:, None] / m
    return float(loss), dlogits
