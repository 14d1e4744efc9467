"""Correct, by an unusual route. k-means++ draws each centre with the Gumbel-max
trick: argmax(log w + G), G standard Gumbel noise, is a draw with probabilities
proportional to w (rows with w = 0 get log w = -inf and never win). Lloyd never
stops early: it makes exactly max_iter updates, which the contract says gives the
same result, since an update after a repeated assignment changes nothing."""

import numpy as np


def _gumbel_pick(weights, rng):
    with np.errstate(divide="ignore"):
        scores = np.log(weights) + rng.gumbel(size=weights.shape)
    return int(np.argmax(scores))


def kmeans_pp_init(X, k, rng):
    n = X.shape[0]
    taken = np.zeros(n, dtype=bool)
    order = []
    nearest = np.full(n, np.inf)
    for t in range(k):
        if t == 0:
            w = np.ones(n)
        else:
            w = nearest.copy()
            if not np.any(w > 0):
                w = (~taken).astype(np.float64)
        i = _gumbel_pick(w, rng)
        order.append(i)
        taken[i] = True
        nearest = np.minimum(nearest, np.einsum("nd,nd->n", X - X[i], X - X[i]))
    return np.stack([X[i] for i in order])


def lloyd(X, centers, max_iter=100):
    C = np.copy(centers)
    k = C.shape[0]

    def assign(C):
        diff = X[:, None, :] - C[None, :, :]
        return np.argmin(np.einsum("nkd,nkd->nk", diff, diff), axis=1)

    for _ in range(max_iter):
        labels = assign(C)
        for j in range(k):
            rows = X[labels == j]
            if len(rows):
                C[j] = rows.sum(axis=0) / len(rows)
    return C, assign(C)
