"""Reference: softmax cross-entropy, mean over the batch.

For row i with scores s_i and label y_i, with m_i = max_c s_ic:
    log p_ic = (s_ic - m_i) - log sum_k exp(s_ik - m_i)     (log-sum-exp: no overflow,
                                                              and no log of an underflowed 0)
    loss     = -(1/N) sum_i log p_{i, y_i}
    dscores  = (p - onehot(y)) / N
"""

import numpy as np


def softmax_loss(scores, y):
    n = scores.shape[0]
    rows = np.arange(n)
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_probs[rows, y].mean()
    dscores = np.exp(log_probs)
    dscores[rows, y] -= 1.0
    dscores /= n
    return float(loss), dscores
