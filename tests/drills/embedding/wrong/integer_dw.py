"""Mistake: dW allocated with the ids' dtype; np.add.at then truncates every float
gradient into an int64 array without a word of warning.

verdict: wrong_shape
diagnosis: dW is an integer array
"""

import numpy as np


def word_embedding_forward(x, W):
    return W[x], (x, W.shape[0])


def word_embedding_backward(dout, cache):
    x, V = cache
    dW = np.zeros((V, dout.shape[-1]), dtype=x.dtype)
    np.add.at(dW, x, dout)
    return dW
