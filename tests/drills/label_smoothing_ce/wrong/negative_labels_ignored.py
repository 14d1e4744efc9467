"""Mistake: finds the ignored rows with labels >= 0, which only works for a negative
ignore_index; with ignore_index = 0 (a padding class) those rows are kept.

verdict: wrong_answer
diagnosis: ignored rows found with labels < 0
"""

import numpy as np


def label_smoothing_ce(logits, labels, smoothing=0.1, ignore_index=-100):
    n, c = logits.shape
    kept = labels >= 0
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
