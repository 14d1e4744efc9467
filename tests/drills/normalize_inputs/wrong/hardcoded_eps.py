"""Mistake: eps fixed at 1e-8 whatever the argument.

verdict: wrong_answer
diagnosis: eps argument ignored
"""

import numpy as np


def fit_normalizer(X_train, eps=1e-8):
    return X_train.mean(axis=0), np.sqrt(X_train.var(axis=0) + 1e-8)


def apply_normalizer(X, mean, std):
    return (X - mean) / std
