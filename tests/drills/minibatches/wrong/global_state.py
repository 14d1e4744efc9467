"""Mistake: np.random.permutation from the global state, the seed unused.

verdict: wrong_answer
diagnosis: unseeded shuffle
"""

import numpy as np


def make_minibatches(X, Y, batch_size, seed):
    m = X.shape[0]
    perm = np.random.permutation(m)
    X, Y = X[perm], Y[perm]
    return [(X[i : i + batch_size], Y[i : i + batch_size]) for i in range(0, m, batch_size)]
