"""Correct: explicit sums over the rows, two passes, and a multiply by 1 / std."""

import numpy as np


def fit_normalizer(X_train, eps=1e-8):
    m = X_train.shape[0]
    mean = np.sum(X_train, axis=0) / m
    centred = X_train - mean
    var = np.sum(centred * centred, axis=0) / m
    return mean, np.sqrt(var + eps)


def apply_normalizer(X, mean, std):
    inv = 1.0 / std
    return (X - mean[np.newaxis, :]) * inv[np.newaxis, :]
