"""Mistake: indexes the true classes with [:, y], an N x N block, instead of [np.arange(N), y].

verdict: wrong_answer
diagnosis: labels indexed with [:, y]
"""

import numpy as np


def softmax_loss(scores, y):
    N = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(shifted)
    probs /= probs.sum(axis=1, keepdims=True)
    loss = -np.sum(np.log(probs[:, y])) / N
    dscores = probs.copy()
    dscores[:, y] -= 1
    dscores /= N
    return loss, dscores
