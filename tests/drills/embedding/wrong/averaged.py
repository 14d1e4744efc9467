"""Mistake: divides the accumulated gradient by the batch size, as if the layer had
to average what the loss already averaged.

verdict: wrong_answer
diagnosis: dW averaged over the batch
"""

import numpy as np


def word_embedding_forward(x, W):
    return W[x], (x, W.shape[0])


def word_embedding_backward(dout, cache):
    x, V = cache
    dW = np.zeros((V, dout.shape[-1]))
    np.add.at(dW, x, dout)
    return dW / x.shape[0]
