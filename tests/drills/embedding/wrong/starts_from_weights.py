"""Mistake: the accumulator starts as a copy of the weights (meant as "an array of
W's shape") instead of zeros, so every row is off by its word's vector.

verdict: wrong_answer
diagnosis: dW not started from zeros
"""

import numpy as np


def word_embedding_forward(x, W):
    return W[x], (x, W)


def word_embedding_backward(dout, cache):
    x, W = cache
    dW = W.copy()
    np.add.at(dW, x, dout)
    return dW
