"""Mistake: never looks at ignore_index, so the label -100 is used as an index.

verdict: runtime_error
"""

import numpy as np


def label_smoothing_ce(logits, labels, smoothing=0.1, ignore_index=-100):
    n, c = logits.shape
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    targets = np.full((n, c), smoothing / c)
    targets[np.arange(n), labels] += 1 - smoothing
    loss = -(targets * log_probs).sum() / n
    dlogits = (np.exp(log_probs) - targets) / n
    return float(loss), dlogits
