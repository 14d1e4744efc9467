"""Mistake: takes log of the stable softmax probabilities; a true-class probability that
underflows to 0 gives log(0) = -inf and an infinite loss.

verdict: wrong_answer
diagnosis: log of softmax underflows
"""

import numpy as np


def softmax_loss(scores, y):
    N = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    probs = exp / exp.sum(axis=1, keepdims=True)
    loss = -np.log(probs[np.arange(N), y]).sum() / N
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1
    dscores /= N
    return loss, dscores
