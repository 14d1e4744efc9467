"""Correct: one feature at a time, with E[x^2] - E[x]^2 for the variance."""

import numpy as np


def fit_normalizer(X_train, eps=1e-8):
    d = X_train.shape[1]
    mean = np.empty(d)
    std = np.empty(d)
    for j in range(d):
        col = X_train[:, j]
        mu = col.mean()
        var = max((col * col).mean() - mu * mu, 0.0)
        mean[j] = mu
        std[j] = (var + eps) ** 0.5
    return mean, std


def apply_normalizer(X, mean, std):
    out = X.astype(np.float64, copy=True)
    out -= mean
    out /= std
    return out
