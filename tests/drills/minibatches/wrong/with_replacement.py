"""Mistake: indices drawn with replacement instead of a permutation.

verdict: wrong_answer
diagnosis: sampling with replacement
"""

import numpy as np


def make_minibatches(X, Y, batch_size, seed):
    m = X.shape[0]
    idx = np.random.default_rng(seed).integers(0, m, size=m)
    X, Y = X[idx], Y[idx]
    return [(X[i : i + batch_size], Y[i : i + batch_size]) for i in range(0, m, batch_size)]
