"""Formula checks for the clustering cheatsheet (cheatsheets/clustering.md): Lloyd's
algorithm, k-means++ seeding and the silhouette score.

Each check compares a cheatsheet block's function with an independent reference
written here by a different route, never with numpy's vectorised formulas:

- Lloyd's algorithm is run on Python lists: the distances summed coordinate by
  coordinate, the nearest centre found by a strict < scan (so a tie keeps the lowest
  index), the means by running sums, an empty cluster's centre left where it was, and
  the loop stopped when an assignment repeats or after max_iter updates; the labels
  returned are the assignment to the centres returned. Cases: clustered random data
  for max_iter 0, 1, 2, 3 and 100, small integers with duplicate rows and duplicate
  centres (ties), a centre far from every point (an empty cluster), k = 1 and k = n.
- k-means++ is random, so it is checked by its distribution: on four rows at 0, 0.5,
  1.5 and 4 along a line, 3,000 calls with their own seeds must give each ordered
  triple of rows as often as its exact probability says (every sequence enumerated
  with itertools and math, within 5 binomial standard deviations plus 3), and on rows
  with duplicates each distinct row must come before any repeat, with no row drawn
  twice.
- The silhouette score is an explicit double loop with math.dist: a(i) the mean
  distance to the other members of i's cluster, b(i) the smallest mean distance to
  another cluster, s(i) = 0 for a point alone in its cluster.

WRONG lists the conventions a candidate plausibly writes that each check must
reject. Loaded by tests/test_cheatsheets.py.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections import Counter
from collections.abc import Callable

import numpy as np

# --- Lloyd's algorithm ------------------------------------------------------------------


def _reference_lloyd(X: np.ndarray, centers: np.ndarray, max_iter: int):
    points = X.tolist()
    cents = centers.tolist()

    def assign(cs: list[list[float]]) -> list[int]:
        labels = []
        for p in points:
            best, best_j = math.inf, 0
            for j, c in enumerate(cs):
                d = sum((a - b) ** 2 for a, b in zip(p, c, strict=True))
                if d < best:
                    best, best_j = d, j
            labels.append(best_j)
        return labels

    labels = assign(cents)
    for _ in range(max_iter):
        new_cents = []
        for j, c in enumerate(cents):
            members = [p for p, lab in zip(points, labels, strict=True) if lab == j]
            if not members:
                new_cents.append(list(c))
                continue
            sums = [0.0] * len(c)
            for p in members:
                sums = [s + v for s, v in zip(sums, p, strict=True)]
            new_cents.append([s / len(members) for s in sums])
        cents = new_cents
        new = assign(cents)
        if new == labels:
            break
        labels = new
    return np.array(cents), np.array(labels)


def _lloyd_cases() -> list[tuple[str, np.ndarray, np.ndarray, int]]:
    rng = np.random.default_rng(81)
    cases = []
    for n, d, k in [(12, 2, 3), (30, 3, 4), (7, 1, 2), (20, 2, 5)]:
        true = rng.normal(size=(k, d)) * 4
        X = true[rng.integers(0, k, n)] + rng.normal(size=(n, d))
        C = X[rng.choice(n, k, replace=False)].copy()
        for max_iter in (0, 1, 2, 3, 100):
            cases.append((f"blobs n={n} D={d} k={k} max_iter={max_iter}", X, C, max_iter))
    grid = rng.integers(0, 4, size=(10, 2)).astype(float)
    grid[5] = grid[2]  # a duplicate row
    cases.append(("duplicate centres (ties)", grid, grid[[3, 3, 7]].copy(), 100))
    cases.append(("midpoint centres (ties)", grid, np.array([[0.5, 1.0], [2.5, 1.0]]), 1))
    far = np.vstack([grid[[0, 1]], [[100.0, 100.0]]])
    cases.append(("a centre far away (empty cluster)", grid, far, 100))
    cases.append(("k = 1", grid, grid[[4]].copy(), 100))
    cases.append(("k = n", grid, grid[rng.permutation(10)].copy(), 100))
    return cases


def _check_lloyd(fn: Callable) -> None:
    for label, X, C, max_iter in _lloyd_cases():
        given = C.copy()
        got_c, got_l = fn(X, C, max_iter)
        want_c, want_l = _reference_lloyd(X, C, max_iter)
        np.testing.assert_array_equal(C, given, err_msg=f"{label}: the centres passed in changed")
        np.testing.assert_allclose(got_c, want_c, rtol=1e-9, atol=1e-12, err_msg=label)
        np.testing.assert_array_equal(np.asarray(got_l), want_l, err_msg=f"{label}: labels")


def _assign_numpy(X, C, highest=False):
    d2 = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)
    if highest:
        return C.shape[0] - 1 - d2[:, ::-1].argmin(axis=1)
    return d2.argmin(axis=1)


def _lloyd_empty_nan(X, centers, max_iter=100):
    C = centers.copy()
    labels = _assign_numpy(X, C)
    for _ in range(max_iter):
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")  # the mean of an empty slice
            C = np.array([X[labels == j].mean(axis=0) for j in range(len(C))])
        new = _assign_numpy(X, C)
        if np.array_equal(new, labels):
            break
        labels = new
    return C, labels


def _lloyd_ties_highest(X, centers, max_iter=100):
    C = centers.copy()
    labels = _assign_numpy(X, C, highest=True)
    for _ in range(max_iter):
        for j in range(len(C)):
            if np.any(labels == j):
                C[j] = X[labels == j].mean(axis=0)
        new = _assign_numpy(X, C, highest=True)
        if np.array_equal(new, labels):
            break
        labels = new
    return C, labels


def _lloyd_stale_labels(X, centers, max_iter=100):
    C = centers.copy()
    labels = _assign_numpy(X, C)
    for _ in range(max_iter):
        labels = _assign_numpy(X, C)
        for j in range(len(C)):
            if np.any(labels == j):
                C[j] = X[labels == j].mean(axis=0)
    return C, labels


def _lloyd_one_more_update(X, centers, max_iter=100):
    C = centers.copy()
    labels = _assign_numpy(X, C)
    for _ in range(max_iter + 1):
        for j in range(len(C)):
            if np.any(labels == j):
                C[j] = X[labels == j].mean(axis=0)
        new = _assign_numpy(X, C)
        if np.array_equal(new, labels):
            break
        labels = new
    return C, labels


# --- k-means++ --------------------------------------------------------------------------

LINE = [[0.0, 0.0], [0.3, 0.4], [0.9, 1.2], [2.4, 3.2]]  # 0, 0.5, 1.5, 4 along (0.6, 0.8)
PP_CALLS = 3000


def _triple_probabilities(points: list[list[float]]) -> dict[tuple[int, int, int], float]:
    """Every ordered triple of distinct rows: 1/n, then D^2 to the nearest centre."""
    n = len(points)

    def d2(i: int, j: int) -> float:
        return math.dist(points[i], points[j]) ** 2

    out = {}
    for a, b, c in itertools.permutations(range(n), 3):
        second = d2(b, a) / sum(d2(x, a) for x in range(n))
        nearest = [min(d2(x, a), d2(x, b)) for x in range(n)]
        out[(a, b, c)] = (1 / n) * second * nearest[c] / sum(nearest)
    return out


def _row_index(points: list[list[float]], row) -> int:
    for i, p in enumerate(points):
        if [float(v) for v in row] == p:  # exact copies of the row
            return i
    raise AssertionError(f"k-means++ returned {list(row)}, which is not a row of X")


def _check_pp_distribution(fn: Callable) -> None:
    X = np.array(LINE)
    counts: Counter = Counter()
    for seed in range(PP_CALLS):
        C = fn(X, 3, np.random.default_rng(seed))
        assert np.shape(C) == (3, 2), f"k-means++ returned shape {np.shape(C)}, not (3, 2)"
        counts[tuple(_row_index(LINE, row) for row in C)] += 1
    probabilities = _triple_probabilities(LINE)
    for triple in set(counts) | set(probabilities):
        q = probabilities.get(triple, 0.0)
        expected = PP_CALLS * q
        slack = 5 * math.sqrt(PP_CALLS * q * (1 - q)) + 3
        got = counts.get(triple, 0)
        assert abs(got - expected) <= slack, (
            f"k-means++ on rows at 0, 0.5, 1.5, 4: the triple {triple} came {got} times in "
            f"{PP_CALLS}, expected {expected:.1f} +- {slack:.1f}"
        )


def _check_pp_duplicates(fn: Callable) -> None:
    a, b, c = [1.0, -1.0], [2.0, 0.5], [0.0, 3.0]
    X = np.array([a, b, a, c, b, a])
    distinct = [a, b, c]
    for seed in range(200):
        C = np.asarray(fn(X, 5, np.random.default_rng(seed)))
        rows = [_row_index(distinct, row) for row in C]
        assert sorted(rows[:3]) == [0, 1, 2], f"seed {seed}: {rows}: a repeat before every row"
        seen = Counter(rows)
        assert seen[0] <= 3 and seen[1] <= 2 and seen[2] <= 1, f"seed {seed}: {rows}"


def _check_pp(fn: Callable) -> None:
    _check_pp_duplicates(fn)
    _check_pp_distribution(fn)


def _pp_with_weights(weight: Callable[[np.ndarray, list[int]], np.ndarray]) -> Callable:
    def pp(X, k, rng):
        n = len(X)
        chosen = [int(rng.integers(n))]
        for _ in range(1, k):
            w = weight(X, chosen)
            if w.sum() <= 0:
                w = np.ones(n)
                w[chosen] = 0.0
            chosen.append(int(rng.choice(n, p=w / w.sum())))
        return X[chosen]

    return pp


def _nearest_d2(X, chosen):
    return np.min([((X - X[i]) ** 2).sum(axis=1) for i in chosen], axis=0)


_pp_not_squared = _pp_with_weights(lambda X, chosen: np.sqrt(_nearest_d2(X, chosen)))
_pp_last_centre_only = _pp_with_weights(
    lambda X, chosen: ((X - X[chosen[-1]]) ** 2).sum(axis=1) * ~np.isin(np.arange(len(X)), chosen)
)


def _pp_uniform(X, k, rng):
    return X[rng.choice(len(X), k, replace=False)]


def _pp_farthest(X, k, rng):
    chosen = [int(rng.integers(len(X)))]
    for _ in range(1, k):
        chosen.append(int(np.argmax(_nearest_d2(X, chosen))))
    return X[chosen]


# --- the silhouette ---------------------------------------------------------------------


def _reference_silhouette(X: np.ndarray, labels: np.ndarray) -> float:
    points = X.tolist()
    labs = labels.tolist()
    clusters = sorted(set(labs))
    total = 0.0
    for i, p in enumerate(points):
        own = [math.dist(p, q) for j, q in enumerate(points) if labs[j] == labs[i] and j != i]
        if not own:
            continue  # alone in its cluster: s = 0
        a = sum(own) / len(own)
        b = math.inf
        for c in clusters:
            if c == labs[i]:
                continue
            others = [math.dist(p, q) for j, q in enumerate(points) if labs[j] == c]
            b = min(b, sum(others) / len(others))
        total += (b - a) / max(a, b)
    return total / len(points)


def _check_silhouette(fn: Callable) -> None:
    rng = np.random.default_rng(83)
    for n, d, k in [(20, 2, 2), (30, 3, 4), (9, 1, 3), (15, 2, 5)]:
        true = rng.normal(size=(k, d)) * 3
        labels = np.concatenate([np.arange(k), rng.integers(0, k, n - k)])
        X = true[labels] + rng.normal(size=(n, d))
        for labelling in (labels, rng.permutation(labels)):  # a good and a poor one
            got = float(fn(X, labelling))
            want = _reference_silhouette(X, labelling)
            np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12, err_msg=f"n={n} k={k}")
    X = rng.normal(size=(6, 2))
    single = np.array([0, 0, 0, 1, 1, 2])  # a point alone in cluster 2
    np.testing.assert_allclose(
        float(fn(X, single)), _reference_silhouette(X, single), rtol=1e-9, err_msg="singleton"
    )


def _pairwise(X):
    return np.sqrt(((X[:, None] - X[None]) ** 2).sum(axis=2))


def _silhouette_self_included(X, labels):
    dist = _pairwise(X)
    s = np.zeros(len(X))
    for i in range(len(X)):
        own = labels == labels[i]
        a = dist[i, own].mean()  # divides by |A|, counting i itself
        b = min(dist[i, labels == c].mean() for c in np.unique(labels) if c != labels[i])
        s[i] = (b - a) / max(a, b)
    return s.mean()


def _silhouette_squared(X, labels):
    dist = _pairwise(X) ** 2
    s = np.zeros(len(X))
    for i in range(len(X)):
        own = labels == labels[i]
        if own.sum() == 1:
            continue
        a = dist[i, own].sum() / (own.sum() - 1)
        b = min(dist[i, labels == c].mean() for c in np.unique(labels) if c != labels[i])
        s[i] = (b - a) / max(a, b)
    return s.mean()


def _silhouette_b_over_all_others(X, labels):
    dist = _pairwise(X)
    s = np.zeros(len(X))
    for i in range(len(X)):
        own = labels == labels[i]
        if own.sum() == 1:
            continue
        a = dist[i, own].sum() / (own.sum() - 1)
        b = dist[i, ~own].mean()  # every other cluster pooled, not the nearest one
        s[i] = (b - a) / max(a, b)
    return s.mean()


# --- the registry -----------------------------------------------------------------------

CHECKS: dict[str, Callable[[Callable], None]] = {
    "kmeans.lloyd": _check_lloyd,
    "kmeans.kmeans_pp_init": _check_pp,
    "clustering-silhouette": _check_silhouette,
}

EXPECTED: dict[str, list[str]] = {
    "clustering": list(CHECKS),
}

WRONG: list[tuple[str, Callable]] = [
    ("kmeans.lloyd", _lloyd_empty_nan),
    ("kmeans.lloyd", _lloyd_ties_highest),
    ("kmeans.lloyd", _lloyd_stale_labels),
    ("kmeans.lloyd", _lloyd_one_more_update),
    ("kmeans.kmeans_pp_init", _pp_not_squared),
    ("kmeans.kmeans_pp_init", _pp_last_centre_only),
    ("kmeans.kmeans_pp_init", _pp_uniform),
    ("kmeans.kmeans_pp_init", _pp_farthest),
    ("clustering-silhouette", _silhouette_self_included),
    ("clustering-silhouette", _silhouette_squared),
    ("clustering-silhouette", _silhouette_b_over_all_others),
]
