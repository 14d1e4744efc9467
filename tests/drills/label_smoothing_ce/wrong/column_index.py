"""Mistake: picks the true classes with [:, y], an M x M block, instead of [rows, y].

verdict: wrong_answer
diagnosis: labels indexed with [:, y]
"""

import numpy as np


def label_smoothing_ce(logits, labels, smoothing=0.1, ignore_index=-100):
    n, c = logits.shape
    kept = labels != ignore_index
    m = kept.sum()
    dlogits = np.zeros((n, c))
    if m == 0:
        return 0.0, dlogits
    s = logits[kept]
    y = labels[kept]
    shifted = s - s.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    nll = -log_probs[:, y]
    smooth = -log_probs.mean(axis=1)
    loss = ((1 - smoothing) * nll.sum() + smoothing * smooth.sum()) / m
    grad = np.exp(log_probs) - smoothing / c
    grad[:, y] -= 1 - smoothing
    dlogits[kept] = grad / m
    return float(loss), dlogits
