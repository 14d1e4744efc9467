"""Mistake: adds eps to every class instead of eps / C (sum where a mean belongs).

verdict: wrong_answer
diagnosis: uniform part not divided by C
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
    rows = np.flatnonzero(kept)
    nll = -log_probs[rows, labels[rows]]
    smooth = -log_probs[rows].sum(axis=1)
    loss = ((1 - smoothing) * nll + smoothing * smooth).sum() / m
    targets = np.full((n, c), smoothing)
    targets[rows, labels[rows]] += 1 - smoothing
    dlogits = (np.exp(log_probs) - targets) * kept[:, None] / m
    return float(loss), dlogits
