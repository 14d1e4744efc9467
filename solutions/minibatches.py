"""Reference: shuffle a data set with one seeded permutation and cut it into mini-batches.

Examples lie along axis 0 of X (m, ...) and Y (m,) or (m, k). With perm a random
permutation of 0..m-1, the shuffled set is X[perm], Y[perm] (the same perm for both, so
each label stays with its example), and batch t holds rows t*B .. t*B + B - 1 of it.
There are ceil(m / B) batches; the last has m - B*floor(m / B) rows when B does not
divide m.
"""

import numpy as np


def make_minibatches(X, Y, batch_size, seed):
    m = X.shape[0]
    perm = np.random.default_rng(seed).permutation(m)
    X_shuffled, Y_shuffled = X[perm], Y[perm]
    return [
        (X_shuffled[start : start + batch_size], Y_shuffled[start : start + batch_size])
        for start in range(0, m, batch_size)
    ]
