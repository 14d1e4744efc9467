"""Correct: one example at a time with the math module; log-sum-exp written out."""

import math

import numpy as np


def softmax_loss(scores, y):
    n, c = scores.shape
    total = 0.0
    dscores = np.zeros((n, c))
    for i in range(n):
        row = [float(v) for v in scores[i]]
        top = max(row)
        log_norm = top + math.log(sum(math.exp(v - top) for v in row))
        total += log_norm - row[y[i]]
        for k in range(c):
            p = math.exp(row[k] - log_norm)
            dscores[i, k] = (p - (1.0 if k == y[i] else 0.0)) / n
    return total / n, dscores
