"""Mistake: measures each row's distance to the newest centre only, not to the nearest
of all the centres chosen so far.

verdict: wrong_answer
diagnosis: distance to the last centre only
"""

import numpy as np


def kmeans_pp_init(X, k, rng):
    n = X.shape[0]
    centers = [X[rng.integers(n)]]
    for _ in range(1, k):
        d2 = ((X - centers[-1]) ** 2).sum(axis=1)
        if d2.sum() == 0:
            d2 = np.ones(n)
        centers.append(X[rng.choice(n, p=d2 / d2.sum())])
    return np.array(centers)


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
