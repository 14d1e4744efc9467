"""Mistake: examples indexed as columns (X[:, perm]), as in the course notes.

verdict: runtime_error
"""

import numpy as np


def make_minibatches(X, Y, batch_size, seed):
    m = X.shape[-1]
    perm = np.random.default_rng(seed).permutation(m)
    X, Y = X[:, perm], Y[:, perm]
    return [(X[:, i : i + batch_size], Y[:, i : i + batch_size]) for i in range(0, m, batch_size)]
