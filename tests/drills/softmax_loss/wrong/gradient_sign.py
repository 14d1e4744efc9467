"""Mistake: returns onehot - p, the negative of the gradient.

verdict: wrong_answer
diagnosis: gradient has the wrong sign
"""

import numpy as np


def softmax_loss(scores, y):
    N, C = scores.shape
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_probs[np.arange(N), y].mean()
    onehot = np.zeros((N, C))
    onehot[np.arange(N), y] = 1
    dscores = (onehot - np.exp(log_probs)) / N
    return loss, dscores
