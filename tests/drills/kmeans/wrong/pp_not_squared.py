"""Mistake: draws each next centre in proportion to the distance D, not D^2.

verdict: wrong_answer
diagnosis: distances not squared
"""

import numpy as np


def kmeans_pp_init(X, k, rng):
    n = X.shape[0]
    chosen = [int(rng.integers(n))]
    dist = np.linalg.norm(X - X[chosen[0]], axis=1)
    for _ in range(1, k):
        if dist.sum() > 0:
            p = dist / dist.sum()
        else:
            p = np.ones(n)
            p[chosen] = 0.0
            p /= p.sum()
        i = int(rng.choice(n, p=p))
        chosen.append(i)
        dist = np.minimum(dist, np.linalg.norm(X - X[i], axis=1))
    return X[chosen].copy()


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
