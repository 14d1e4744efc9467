"""Correct: PyTorch's form of the loss, (1 - eps) * nll + eps * mean over classes of
-log p, with np.logaddexp.reduce for the normaliser and a one-hot matrix."""

import numpy as np


def label_smoothing_ce(logits, labels, smoothing=0.1, ignore_index=-100):
    n, c = logits.shape
    kept = labels != ignore_index
    m = np.count_nonzero(kept)
    if m == 0:
        return 0.0, np.zeros((n, c))
    log_probs = logits - np.logaddexp.reduce(logits, axis=1, keepdims=True)
    onehot = np.zeros((n, c))
    onehot[kept, labels[kept]] = 1.0
    nll = -(onehot * log_probs).sum(axis=1)
    uniform = -log_probs.mean(axis=1)
    per_row = (1.0 - smoothing) * nll + smoothing * uniform
    loss = np.sum(per_row, where=kept) / m
    targets = (1.0 - smoothing) * onehot + smoothing / c
    dlogits = np.where(kept[:, None], np.exp(log_probs) - targets, 0.0) / m
    return loss, dlogits
