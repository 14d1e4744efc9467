"""Mistake: plain random initialisation: k distinct rows drawn uniformly.

verdict: wrong_answer
diagnosis: centres drawn uniformly
"""

import numpy as np


def kmeans_pp_init(X, k, rng):
    return X[rng.choice(X.shape[0], size=k, replace=False)].copy()


def _assign(X, C):
    return np.argmin(((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2), axis=1)


def lloyd(X, centers, max_iter=100):
    C = centers.copy()
    labels = _assign(X, C)
    for _ in range(max_iter):
        for j in range(C.shape[0]):
            if np.any(labels == j):
                C[j] = X[labels == j].mean(axis=0)
        new = _assign(X, C)
        if np.array_equal(new, labels):
            break
        labels = new
    return C, labels
