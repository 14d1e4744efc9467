"""Mistake: replaces ignored labels by 0 so the indexing works, masks them out of the
loss, but forgets to mask them out of the gradient.

verdict: wrong_answer
diagnosis: ignored rows still get a gradient
"""

import numpy as np


def label_smoothing_ce(logits, labels, smoothing=0.1, ignore_index=-100):
    n, c = logits.shape
    kept = labels != ignore_index
    m = kept.sum()
    if m == 0:
        return 0.0, np.zeros((n, c))
    safe = np.where(kept, labels, 0)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    targets = np.full((n, c), smoothing / c)
    targets[np.arange(n), safe] += 1 - smoothing
    loss = (-(targets * log_probs).sum(axis=1) * kept).sum() / m
    dlogits = (np.exp(log_probs) - targets) / m
    return float(loss), dlogits
