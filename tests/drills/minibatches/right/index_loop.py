"""Correct: shuffles an index array in place, then gathers each batch with np.take."""

import math

import numpy as np


def make_minibatches(X, Y, batch_size, seed):
    rng = np.random.default_rng(seed)
    m = len(X)
    order = np.arange(m)
    rng.shuffle(order)
    batches = []
    for t in range(math.ceil(m / batch_size)):
        idx = order[t * batch_size : min((t + 1) * batch_size, m)]
        batches.append((np.take(X, idx, axis=0), np.take(Y, idx, axis=0)))
    return batches
