"""Mistake: X and Y shuffled with two different permutations.

verdict: wrong_answer
diagnosis: X and Y shuffled with different permutations
"""

import numpy as np


def make_minibatches(X, Y, batch_size, seed):
    rng = np.random.default_rng(seed)
    m = X.shape[0]
    X_shuffled = X[rng.permutation(m)]
    Y_shuffled = Y[rng.permutation(m)]
    return [
        (X_shuffled[i : i + batch_size], Y_shuffled[i : i + batch_size])
        for i in range(0, m, batch_size)
    ]
