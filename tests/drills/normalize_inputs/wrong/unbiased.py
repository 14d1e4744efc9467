"""Mistake: unbiased variance (ddof=1).

verdict: wrong_answer
diagnosis: unbiased variance
"""

import numpy as np


def fit_normalizer(X_train, eps=1e-8):
    m = X_train.shape[0]
    mean = X_train.mean(axis=0)
    var = ((X_train - mean) ** 2).sum(axis=0) / max(m - 1, 1)
    return mean, np.sqrt(var + eps)


def apply_normalizer(X, mean, std):
    return (X - mean) / std
