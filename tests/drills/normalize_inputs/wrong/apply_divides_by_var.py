"""Mistake: apply divides by std squared.

verdict: wrong_answer
diagnosis: divides by the variance
"""

import numpy as np


def fit_normalizer(X_train, eps=1e-8):
    return X_train.mean(axis=0), np.sqrt(X_train.var(axis=0) + eps)


def apply_normalizer(X, mean, std):
    return (X - mean) / std**2
