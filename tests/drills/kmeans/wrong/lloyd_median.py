"""Mistake: moves each centre to the coordinate-wise median of its cluster (k-medians).

verdict: wrong_answer
diagnosis: centre updated to the median
"""

import numpy as np


def kmeans_pp_init(X, k, rng):
    n = X.shape[0]
    chosen = [int(rng.integers(n))]
    d2 = ((X - X[chosen[0]]) ** 2).sum(axis=1)
    for _ in range(1, k):
        if d2.sum() > 0:
            p = d2 / d2.sum()
        else:
            p = np.ones(n)
            p[chosen] = 0.0
            p /= p.sum()
        i = int(rng.choice(n, p=p))
        chosen.append(i)
        d2 = np.minimum(d2, ((X - X[i]) ** 2).sum(axis=1))
    return X[chosen].copy()


def _assign(X, C):
    return np.argmin(((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2), axis=1)


def lloyd(X, centers, max_iter=100):
    C = centers.copy()
    labels = _assign(X, C)
    for _ in range(max_iter):
        for j in range(C.shape[0]):
            if np.any(labels == j):
                C[j] = np.median(X[labels == j], axis=0)
        new = _assign(X, C)
        if np.array_equal(new, labels):
            break
        labels = new
    return C, labels
