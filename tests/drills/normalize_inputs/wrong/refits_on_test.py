"""Mistake: apply_normalizer recomputes the statistics from the data it is given.

verdict: wrong_answer
diagnosis: statistics from the test set
"""

import numpy as np


def fit_normalizer(X_train, eps=1e-8):
    return X_train.mean(axis=0), np.sqrt(X_train.var(axis=0) + eps)


def apply_normalizer(X, mean, std):
    mu = X.mean(axis=0)
    sigma = np.sqrt(X.var(axis=0) + 1e-8)
    return (X - mu) / sigma
