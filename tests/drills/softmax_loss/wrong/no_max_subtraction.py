"""Mistake: exponentiates the raw scores, so exp(1000) = inf and inf / inf = NaN.

verdict: wrong_answer
diagnosis: no max subtraction
"""

import numpy as np


def softmax_loss(scores, y):
    N = scores.shape[0]
    exp = np.exp(scores)
    probs = exp / np.sum(exp, axis=1, keepdims=True)
    loss = -np.mean(np.log(probs[np.arange(N), y]))
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1
    dscores /= N
    return loss, dscores
