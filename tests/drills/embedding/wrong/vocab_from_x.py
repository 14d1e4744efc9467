"""Mistake: the vocabulary size is taken as x.max() + 1, which is too small whenever
the last words of the vocabulary do not occur in the batch.

verdict: wrong_shape
diagnosis: vocabulary size read off x
"""

import numpy as np


def word_embedding_forward(x, W):
    return W[x], x


def word_embedding_backward(dout, cache):
    x = cache
    V = x.max() + 1
    dW = np.zeros((V, dout.shape[-1]))
    np.add.at(dW, x, dout)
    return dW
