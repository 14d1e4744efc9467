"""Mistake: only floor(m / batch_size) batches, the partial last one lost.

verdict: wrong_shape
diagnosis: last partial batch dropped
"""

import numpy as np


def make_minibatches(X, Y, batch_size, seed):
    m = X.shape[0]
    perm = np.random.default_rng(seed).permutation(m)
    X, Y = X[perm], Y[perm]
    batches = []
    for k in range(m // batch_size):
        batches.append(
            (X[k * batch_size : (k + 1) * batch_size], Y[k * batch_size : (k + 1) * batch_size])
        )
    return batches
