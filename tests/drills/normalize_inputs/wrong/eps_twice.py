"""Mistake: apply adds eps to a std that already holds it.

verdict: wrong_answer
diagnosis: epsilon added twice
"""

import numpy as np


def fit_normalizer(X_train, eps=1e-8):
    return X_train.mean(axis=0), np.sqrt(X_train.var(axis=0) + eps)


def apply_normalizer(X, mean, std):
    return (X - mean) / (std + 1e-8)
