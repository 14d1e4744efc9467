"""Mistake: seeds numpy's global generator (np.random.seed(seed)) and draws the
permutation from it: the batches are reproducible, but the permutation is not the one
np.random.default_rng(seed) gives, and the caller's global random state is reset.

verdict: wrong_answer
diagnosis: global np.random instead of default_rng(seed)
"""

import numpy as np


def make_minibatches(X, Y, batch_size, seed):
    m = X.shape[0]
    np.random.seed(seed)
    perm = np.random.permutation(m)
    X, Y = X[perm], Y[perm]
    return [(X[i : i + batch_size], Y[i : i + batch_size]) for i in range(0, m, batch_size)]
