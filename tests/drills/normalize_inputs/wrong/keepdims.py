"""Mistake: statistics kept with shape (1, D).

verdict: wrong_shape
diagnosis: statistics kept as (1, D)
"""

import numpy as np


def fit_normalizer(X_train, eps=1e-8):
    mean = X_train.mean(axis=0, keepdims=True)
    return mean, np.sqrt(X_train.var(axis=0, keepdims=True) + eps)


def apply_normalizer(X, mean, std):
    return (X - mean) / std
