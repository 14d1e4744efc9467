"""Mistake: subtracts the one-hot through flat indices into probs.reshape(-1). probs
keeps the layout of scores (numpy's elementwise operations preserve it), so for a
transposed or sliced scores the reshape is a copy and the -1 never reaches dscores.

verdict: wrong_answer
"""

import numpy as np


def softmax_loss(scores, y):
    n, c = scores.shape
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_probs[np.arange(n), y].mean()
    dscores = np.exp(log_probs) / n
    flat = dscores.reshape(-1)
    flat[np.arange(n) * c + y] -= 1.0 / n
    return float(loss), dscores
