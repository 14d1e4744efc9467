"""Correct: a hand-written Fisher-Yates shuffle drawing its swaps from
default_rng(seed).integers; any use of that generator is allowed."""

import numpy as np


def make_minibatches(X, Y, batch_size, seed):
    rng = np.random.default_rng(seed)
    m = X.shape[0]
    order = np.arange(m)
    for i in range(m - 1, 0, -1):
        j = int(rng.integers(0, i + 1))
        order[i], order[j] = order[j], order[i]
    Xs, Ys = X[order], Y[order]
    return [(Xs[k : k + batch_size], Ys[k : k + batch_size]) for k in range(0, m, batch_size)]
