"""Mistake: shuffles X and Y in place (rng.shuffle on the caller's arrays).

verdict: wrong_answer
"""

import numpy as np


def make_minibatches(X, Y, batch_size, seed):
    m = X.shape[0]
    perm = np.random.default_rng(seed).permutation(m)
    X[:] = X[perm]
    Y[:] = Y[perm]
    return [(X[i : i + batch_size], Y[i : i + batch_size]) for i in range(0, m, batch_size)]
