"""Mistake: looks up the flattened ids and forgets to put the (N, T) axes back.

verdict: wrong_shape
diagnosis: out not reshaped to (N, T, D)
"""

import numpy as np


def word_embedding_forward(x, W):
    return W[x.ravel()], (x, W.shape[0])


def word_embedding_backward(dout, cache):
    x, V = cache
    dW = np.zeros((V, dout.shape[-1]))
    np.add.at(dW, x, dout)
    return dW
