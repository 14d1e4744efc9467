"""Mistake: apply_normalizer normalises X in place.

verdict: wrong_answer
"""

import numpy as np


def fit_normalizer(X_train, eps=1e-8):
    return X_train.mean(axis=0), np.sqrt(X_train.var(axis=0) + eps)


def apply_normalizer(X, mean, std):
    X -= mean
    X /= std
    return X
