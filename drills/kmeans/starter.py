"""k-means: k-means++ and Lloyd's algorithm (drill: kmeans).

Write both functions with numpy only, then run `drill check`.
"""

import numpy as np


def kmeans_pp_init(X, k, rng):
    """k initial centres for k-means, chosen by k-means++ (D^2 sampling).

    X: float64 array (n, D); k: int with 1 <= k <= n; rng: a np.random.Generator,
    the only source of randomness.

    centers[0] is a row of X drawn uniformly. Each next centre is row i drawn with
    probability d2[i] / d2.sum(), d2[i] being the squared Euclidean distance from row
    i to its NEAREST centre chosen so far. If d2.sum() == 0 (fewer distinct rows than
    k), the next centre is drawn uniformly among the rows not chosen yet.

    Returns centers: float64 array (k, D), rows of X in the order drawn.
    Must not modify X.
    """
    raise NotImplementedError("kmeans_pp_init is not implemented yet")


def lloyd(X, centers, max_iter=100):
    """Lloyd's algorithm for k-means from the given initial centres.

    X: float64 array (n, D); centers: float64 array (k, D), 1 <= k <= n.
    Assignment: labels[i] = index of the centre nearest to X[i] by squared Euclidean
    distance (ties: the lowest index). Update: each centre = the mean of the rows
    labelled with it; a centre with no rows keeps its previous value.
    Assign, then repeat at most max_iter times: update, assign again; stop early
    once an assignment equals the previous one. max_iter = 0: no update.

    Returns (centers, labels): the centres after the last update, float64 (k, D),
    and labels, an integer array (n,), the assignment to those returned centres.
    Must not modify X or centers.
    """
    raise NotImplementedError("lloyd is not implemented yet")
