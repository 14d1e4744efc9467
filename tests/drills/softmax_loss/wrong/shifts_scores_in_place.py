"""Mistake: subtracts the row max from scores in place, changing the caller's array.

verdict: wrong_answer
"""

import numpy as np


def softmax_loss(scores, y):
    N = scores.shape[0]
    scores -= scores.max(axis=1, keepdims=True)
    log_probs = scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))
    loss = -log_probs[np.arange(N), y].mean()
    dscores = np.exp(log_probs)
    dscores[np.arange(N), y] -= 1
    dscores /= N
    return loss, dscores
