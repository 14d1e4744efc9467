"""Mistake: subtracts one max over the whole batch, so rows far below it underflow to 0 / 0.

verdict: wrong_answer
diagnosis: max subtracted over the whole batch
"""

import numpy as np


def softmax_loss(scores, y):
    N = scores.shape[0]
    shifted = scores - np.max(scores)
    exp = np.exp(shifted)
    probs = exp / np.sum(exp, axis=1, keepdims=True)
    loss = -np.mean(np.log(probs[np.arange(N), y]))
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1
    dscores /= N
    return loss, dscores
