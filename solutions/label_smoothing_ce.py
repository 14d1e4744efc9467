"""Reference: cross-entropy from logits with label smoothing and an ignore index.

For row i with logits s_i, label y_i, and C classes (PyTorch's label_smoothing):
    log p_ic = (s_ic - m_i) - log sum_k exp(s_ik - m_i),  m_i = max_k s_ik   (log-sum-exp)
    q_ic     = (1 - eps) [c = y_i] + eps / C          (the uniform part includes the true class)
    loss_i   = -sum_c q_ic log p_ic
Rows with y_i == ignore_index are left out; with M the number of the others,
    loss     = (1/M) sum_{i kept} loss_i
    dlogits  = (p_i - q_i) / M for a kept row, 0 for an ignored row
and M = 0 gives loss 0.0 and an all-zero dlogits (not PyTorch's nan).
"""

import numpy as np


def label_smoothing_ce(logits, labels, smoothing=0.1, ignore_index=-100):
    n, c = logits.shape
    kept = labels != ignore_index
    count = int(kept.sum())
    if count == 0:
        return 0.0, np.zeros((n, c))
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.flatnonzero(kept)
    targets = np.full((n, c), smoothing / c)
    targets[rows, labels[rows]] += 1.0 - smoothing
    row_losses = -(targets * log_probs).sum(axis=1)
    loss = row_losses[kept].sum() / count
    dlogits = (np.exp(log_probs) - targets) * kept[:, None] / count
    return float(loss), dlogits
