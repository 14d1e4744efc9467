"""Correct: works on the kept rows only (boolean indexing copies them), picks each
row's true class with take_along_axis, and scatters the gradient back into zeros."""

import numpy as np


def label_smoothing_ce(logits, labels, smoothing=0.1, ignore_index=-100):
    n, c = logits.shape
    kept = np.flatnonzero(labels != ignore_index)
    dlogits = np.zeros((n, c))
    if kept.size == 0:
        return 0.0, dlogits
    s = logits[kept]
    y = labels[kept]
    s -= s.max(axis=1, keepdims=True)  # in place, but on the copy boolean indexing made
    log_probs = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    true_log_p = np.take_along_axis(log_probs, y[:, None], axis=1)[:, 0]
    loss = -((1 - smoothing) * true_log_p + smoothing / c * log_probs.sum(axis=1)).mean()
    grad = np.exp(log_probs) - smoothing / c
    grad[np.arange(kept.size), y] -= 1 - smoothing
    dlogits[kept] = grad / kept.size
    return float(loss), dlogits
