"""Mistake: guards the log with log(p + 1e-12), which caps the loss when the true
class's probability underflows instead of computing it.

verdict: wrong_answer
diagnosis: epsilon added inside the log
"""

import numpy as np


def softmax_loss(scores, y):
    N = scores.shape[0]
    shifted = scores - np.max(scores, axis=1, keepdims=True)
    probs = np.exp(shifted)
    probs /= np.sum(probs, axis=1, keepdims=True)
    loss = -np.mean(np.log(probs[np.arange(N), y] + 1e-12))
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1
    return loss, dscores / N
