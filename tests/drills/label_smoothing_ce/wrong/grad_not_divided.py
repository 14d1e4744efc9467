"""Mistake: the loss is the mean over the kept rows, but the gradient is not divided by M.

verdict: wrong_answer
diagnosis: gradient not divided by the number of rows
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
    targets = np.full((n, c), smoothing / c)
    targets[rows, labels[rows]] += 1 - smoothing
    loss = -(targets * log_probs).sum(axis=1)[kept].sum() / m
    dlogits = (np.exp(log_probs) - targets) * kept[:, None]
    return float(loss), dlogits
