"""Mistake: returns the probabilities / N as the gradient, without subtracting the one-hot.

verdict: wrong_answer
diagnosis: true class not subtracted
"""

import numpy as np


def softmax_loss(scores, y):
    N = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_probs[np.arange(N), y].mean()
    dscores = np.exp(log_probs) / N
    return loss, dscores
