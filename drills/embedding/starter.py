"""Word embedding: forward and backward (drill: embedding).

Write both functions with numpy only, then run `drill check`.
"""

import numpy as np


def word_embedding_forward(x, W):
    """Look up the vector of every word.

    x: int64 array of shape (N, T): N sequences of T word ids, each 0 <= x[n, t] < V.
       Ids repeat, and not every word of the vocabulary needs to occur.
    W: float64 array of shape (V, D), one D-dimensional vector per word.

    Returns (out, cache): out[n, t] = W[x[n, t]], shape (N, T, D), a new float64
    array; cache is whatever your backward needs. Must not modify x or W.
    """
    raise NotImplementedError("word_embedding_forward is not implemented yet")


def word_embedding_backward(dout, cache):
    """Gradient of word_embedding_forward with respect to W (x is integer data: no dx).

    dout: shape (N, T, D), upstream gradient; cache: from your word_embedding_forward.
    Returns dW of shape (V, D), float64: row v is the sum of dout[n, t] over every
    position where x[n, t] == v (zero for a word that does not occur).
    Must not modify dout.
    """
    raise NotImplementedError("word_embedding_backward is not implemented yet")
