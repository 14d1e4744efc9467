"""Mistake: a generator seeded with 0 whatever the seed argument.

verdict: wrong_answer
diagnosis: seed ignored
"""

import numpy as np


def make_minibatches(X, Y, batch_size, seed):
    m = X.shape[0]
    perm = np.random.default_rng(0).permutation(m)
    X, Y = X[perm], Y[perm]
    return [(X[i : i + batch_size], Y[i : i + batch_size]) for i in range(0, m, batch_size)]
