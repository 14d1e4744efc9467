"""Mistake: batches handed back with examples as columns, the notes' layout.

verdict: wrong_shape
diagnosis: batches along the wrong axis
"""

import numpy as np


def make_minibatches(X, Y, batch_size, seed):
    m = X.shape[0]
    perm = np.random.default_rng(seed).permutation(m)
    X, Y = X[perm], Y[perm]
    return [(X[i : i + batch_size].T, Y[i : i + batch_size].T) for i in range(0, m, batch_size)]
