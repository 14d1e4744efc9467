"""Mistake: statistics over axis 1 (per example instead of per feature).

verdict: wrong_shape
diagnosis: statistics over axis 1
"""

import numpy as np


def fit_normalizer(X_train, eps=1e-8):
    return X_train.mean(axis=1), np.sqrt(X_train.var(axis=1) + eps)


def apply_normalizer(X, mean, std):
    return (X - mean) / std
