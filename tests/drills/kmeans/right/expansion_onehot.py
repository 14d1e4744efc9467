"""Correct: fully vectorised the way libraries do it. Lloyd's distances by the
expansion ||x||^2 - 2 x.c + ||c||^2 (one matrix product) and the update as a one-hot
matrix product, keeping an empty cluster's centre with np.where; k-means++ with
rng.choice on the running nearest squared distance."""

import numpy as np


def kmeans_pp_init(X, k, rng):
    n = X.shape[0]
    idx = np.empty(k, dtype=np.int64)
    idx[0] = rng.integers(n)
    d2 = np.sum((X - X[idx[0]]) ** 2, axis=1)
    for t in range(1, k):
        total = d2.sum()
        if total > 0:
            idx[t] = rng.choice(n, p=d2 / total)
        else:
            free = np.setdiff1d(np.arange(n), idx[:t])
            idx[t] = rng.choice(free)
        d2 = np.minimum(d2, np.sum((X - X[idx[t]]) ** 2, axis=1))
    return X[idx]


def _assign(X, C):
    d2 = (X**2).sum(axis=1)[:, None] - 2.0 * X @ C.T + (C**2).sum(axis=1)[None, :]
    return np.argmin(d2, axis=1)


def lloyd(X, centers, max_iter=100):
    k = centers.shape[0]
    C = centers.astype(np.float64, copy=True)
    labels = _assign(X, C)
    for _ in range(max_iter):
        onehot = (labels[:, None] == np.arange(k)[None, :]).astype(np.float64)
        counts = onehot.sum(axis=0)[:, None]
        C = np.where(counts > 0, (onehot.T @ X) / np.maximum(counts, 1.0), C)
        new = _assign(X, C)
        done = np.array_equal(new, labels)
        labels = new
        if done:
            break
    return C, labels
