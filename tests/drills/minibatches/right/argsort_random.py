"""Correct: the permutation as the argsort of m uniform draws from default_rng(seed),
one of the ways the task accepts; X and Y gathered with np.take."""

import numpy as np


def make_minibatches(X, Y, batch_size, seed):
    m = X.shape[0]
    order = np.argsort(np.random.default_rng(seed).random(m))
    return [
        (
            np.take(X, order[i : i + batch_size], axis=0),
            np.take(Y, order[i : i + batch_size], axis=0),
        )
        for i in range(0, m, batch_size)
    ]
