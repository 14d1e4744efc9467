"""Mistake: masks the ignored rows but takes the mean over all N rows.

verdict: wrong_answer
diagnosis: mean over all N rows, ignored rows included
"""

import numpy as np


def label_smoothing_ce(logits, labels, smoothing=0.1, ignore_index=-100):
    n, c = logits.shape
    kept = labels != ignore_index
    if not kept.any():
        return 0.0, np.zeros((n, c))
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.flatnonzero(kept)
    targets = np.full((n, c), smoothing / c)
    targets[rows, labels[rows]] += 1 - smoothing
    per_row = -(targets * log_probs).sum(axis=1) * kept
    loss = per_row.mean()
    dlogits = (np.exp(log_probs) - targets) * kept[:, None] / n
    return float(loss), dlogits
