"""Mistake: the nearest-centre loop replaces the best centre when dist <= best, so a
tie goes to the later centre.

verdict: wrong_answer
diagnosis: ties to the highest index
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
    labels = np.zeros(X.shape[0], dtype=np.int64)
    for i in range(X.shape[0]):
        best = np.inf
        for j in range(C.shape[0]):
            dist = np.sum((X[i] - C[j]) ** 2)
            if dist <= best:
                best = dist
                labels[i] = j
    return labels


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
