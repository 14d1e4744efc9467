"""Mistake: dW[x] += dout. Fancy-index += is buffered, so an id that occurs several
times gets only one of its gradients (the last write wins).

verdict: wrong_answer
diagnosis: repeated ids keep only one write
"""

import numpy as np


def word_embedding_forward(x, W):
    return W[x], (x, W.shape[0])


def word_embedding_backward(dout, cache):
    x, V = cache
    dW = np.zeros((V, dout.shape[-1]))
    dW[x] += dout
    return dW
