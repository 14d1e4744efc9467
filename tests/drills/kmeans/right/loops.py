"""Correct: the way many candidates write it at a whiteboard. Python loops over the
points and the centres, an inverse CDF with one rng.random() per draw for k-means++,
and a while loop that counts the updates for Lloyd."""

import numpy as np


def _sq(a, b):
    return sum((float(x) - float(y)) ** 2 for x, y in zip(a, b, strict=True))


def kmeans_pp_init(X, k, rng):
    n = len(X)
    chosen = [int(rng.integers(0, n))]
    while len(chosen) < k:
        weights = [min(_sq(X[i], X[c]) for c in chosen) for i in range(n)]
        total = sum(weights)
        if total == 0:
            left = [i for i in range(n) if i not in chosen]
            chosen.append(left[int(rng.integers(0, len(left)))])
            continue
        u = rng.random() * total
        running = 0.0
        for i, w in enumerate(weights):
            running += w
            if running > u:
                chosen.append(i)
                break
    return np.array([X[i] for i in chosen], dtype=np.float64)


def _assign(X, C):
    labels = np.zeros(len(X), dtype=np.int64)
    for i in range(len(X)):
        best = np.inf
        for j in range(len(C)):
            d = _sq(X[i], C[j])
            if d < best:
                best = d
                labels[i] = j
    return labels


def lloyd(X, centers, max_iter=100):
    C = np.array(centers, dtype=np.float64, copy=True)
    labels = _assign(X, C)
    it = 0
    while it < max_iter:
        for j in range(len(C)):
            members = [X[i] for i in range(len(X)) if labels[i] == j]
            if members:
                C[j] = np.mean(members, axis=0)
        it += 1
        new = _assign(X, C)
        if np.array_equal(new, labels):
            break
        labels = new
    return C, labels
