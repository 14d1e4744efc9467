"""Mistake: m // batch_size + 1 batches, so an empty one when batch_size divides m.

verdict: wrong_shape
diagnosis: an empty last batch
"""

import numpy as np


def make_minibatches(X, Y, batch_size, seed):
    m = X.shape[0]
    perm = np.random.default_rng(seed).permutation(m)
    X, Y = X[perm], Y[perm]
    batches = []
    for k in range(m // batch_size + 1):
        batches.append(
            (X[k * batch_size : (k + 1) * batch_size], Y[k * batch_size : (k + 1) * batch_size])
        )
    return batches
