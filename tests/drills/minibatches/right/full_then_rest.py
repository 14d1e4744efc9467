"""Correct: the course's two-part loop (complete batches, then the rest), rows not columns,
using a permutation from rng.choice without replacement."""

import numpy as np


def make_minibatches(X, Y, batch_size, seed):
    rng = np.random.default_rng(seed)
    m = X.shape[0]
    perm = rng.choice(m, size=m, replace=False)
    X_s, Y_s = X[perm], Y[perm]
    complete = m // batch_size
    out = []
    for k in range(complete):
        lo = k * batch_size
        out.append((X_s[lo : lo + batch_size], Y_s[lo : lo + batch_size]))
    if m % batch_size != 0:
        out.append((X_s[complete * batch_size :], Y_s[complete * batch_size :]))
    return out
