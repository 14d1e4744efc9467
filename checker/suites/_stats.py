"""Exact binomial bounds for the suites that judge random draws statistically
(sampling, kmeans): a correct answer is rejected with a stated, tiny probability."""

from __future__ import annotations

import numpy as np


def binomial_interval(n: int, q: float, delta: float) -> tuple[int, int]:
    """[lo, hi] with P(X < lo) <= delta / 2 and P(X > hi) <= delta / 2 for
    X ~ Binomial(n, q), from the exact probabilities."""
    if q <= 0.0:
        return 0, 0
    if q >= 1.0:
        return n, n
    k = np.arange(n + 1)
    log_fact = np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, n + 1)))])
    log_pmf = log_fact[n] - log_fact[k] - log_fact[n - k] + k * np.log(q) + (n - k) * np.log1p(-q)
    pmf = np.exp(log_pmf)
    below = np.cumsum(pmf)  # P(X <= k)
    above = np.cumsum(pmf[::-1])[::-1]  # P(X >= k)
    lo = int(np.argmax(below > delta / 2))  # P(X < lo) = below[lo - 1] <= delta / 2
    tail = np.append(above[1:], 0.0)  # P(X > k)
    hi = int(np.argmax(tail <= delta / 2))
    return lo, hi
