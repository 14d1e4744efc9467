"""Mistake: no special case for a batch with every row ignored: 0 / 0 gives NaN.

verdict: wrong_answer
diagnosis: every row ignored gives NaN
"""

import numpy as np


def label_smoothing_ce(logits, labels, smoothing=0.1, ignore_index=-100):
    n, c = logits.shape
    kept = labels != ignore_index
    m = kept.sum()
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.flatnonzero(kept)
    targets = np.full((n, c), smoothing / c)
    targets[rows, labels[rows]] += 1 - smoothing
    with np.errstate(invalid="ignore", divide="ignore"):
        loss = -(targets * log_probs).sum(axis=1)[kept].sum() / m
        dlogits = (np.exp(log_probs) - targets) * kept[:, None] / m
    return float(loss), dlogits
