"""Correct: one-hot labels, the log-normaliser from np.logaddexp.reduce, and the
loss as an inner product of the one-hot matrix with the log-probabilities."""

import numpy as np


def softmax_loss(scores, y):
    n, c = scores.shape
    onehot = np.zeros_like(scores)
    onehot[np.arange(n), y] = 1.0
    log_norm = np.logaddexp.reduce(scores, axis=1, keepdims=True)
    log_probs = scores - log_norm
    loss = -np.sum(onehot * log_probs) / n
    dscores = (np.exp(log_probs) - onehot) / n
    return loss, dscores
