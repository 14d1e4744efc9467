"""Reference: k-means++ initialisation and Lloyd's algorithm.

k-means++ (Arthur and Vassilvitskii, 2007), X of shape (n, D):
    c_1   = a row of X drawn uniformly
    d2_i  = min over the centres chosen so far of ||x_i - c||^2
    c_t   = row i drawn with probability d2_i / sum_j d2_j        (t = 2, ..., k)
            (if every d2 is 0, uniformly among the rows not chosen yet)

Lloyd's algorithm, minimising the inertia sum_i ||x_i - c_{label_i}||^2:
    assign:  label_i = argmin_j ||x_i - c_j||^2                   (ties: lowest j)
    update:  c_j = mean of the rows labelled j                    (none: c_j unchanged)
    repeated max_iter times, stopping early once an assignment repeats (the update
    would change nothing); the labels returned are the assignment to the centres
    returned.
"""

import numpy as np


def _squared_distances(X, C):
    """(n, k) matrix of ||x_i - c_j||^2, from differences: exactly 0 for equal rows."""
    return ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)


def kmeans_pp_init(X, k, rng):
    n = X.shape[0]
    chosen = [int(rng.integers(n))]
    d2 = _squared_distances(X, X[chosen])[:, 0]
    for _ in range(1, k):
        total = d2.sum()
        if total > 0:
            p = d2 / total
        else:  # fewer distinct rows than k: uniform over the rows not chosen yet
            p = np.ones(n)
            p[chosen] = 0.0
            p /= p.sum()
        i = int(rng.choice(n, p=p))
        chosen.append(i)
        d2 = np.minimum(d2, _squared_distances(X, X[i : i + 1])[:, 0])
    return X[chosen].astype(np.float64)  # fancy indexing: a new array


def _assign(X, C):
    return np.argmin(_squared_distances(X, C), axis=1)


def _update(X, labels, C):
    k = C.shape[0]
    counts = np.bincount(labels, minlength=k)
    sums = np.zeros_like(C)
    np.add.at(sums, labels, X)
    means = sums / np.maximum(counts, 1)[:, None]
    return np.where(counts[:, None] > 0, means, C)


def lloyd(X, centers, max_iter=100):
    C = np.array(centers, dtype=np.float64)  # a copy: the caller's centres stay as given
    labels = _assign(X, C)
    for _ in range(max_iter):
        C = _update(X, labels, C)
        new_labels = _assign(X, C)
        converged = np.array_equal(new_labels, labels)
        labels = new_labels
        if converged:
            break
    return C, labels
