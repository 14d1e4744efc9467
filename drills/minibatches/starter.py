"""Mini-batches: shuffle and split a data set (drill: minibatches).

Write the function with numpy only, then run `drill check`.
"""

import numpy as np


def make_minibatches(X, Y, batch_size, seed):
    """Shuffle (X, Y) with one permutation from np.random.default_rng(seed) and split
    them into batches along axis 0.

    Draw the permutation from rng = np.random.default_rng(seed), however you like;
    not from numpy's global generator (np.random.seed / np.random.permutation).

    X: shape (m, ...), examples along axis 0. Y: shape (m,) or (m, k), Y[i] labels X[i].
    Either may be C-contiguous, Fortran-ordered or strided.
    Returns a list of ceil(m / batch_size) pairs (X_batch, Y_batch): batch_size examples
    each, except a last batch of the m % batch_size left over. Every example appears
    exactly once, with its own label. Must not modify X or Y.
    """
    raise NotImplementedError("make_minibatches is not implemented yet")
