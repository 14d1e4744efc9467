"""Mistake: dW starts from np.empty_like(W), whatever the memory held, instead of
zeros; rows of absent words keep that garbage and the others are off by it. The
garbage differs between runs, so the verdict says the code gave different results
for the same input, and names what one run showed.

verdict: wrong_answer
diagnosis: dW not started from zeros
"""

import numpy as np


def word_embedding_forward(x, W):
    return W[x], (x, W)


def word_embedding_backward(dout, cache):
    x, W = cache
    dW = np.empty_like(W)
    np.add.at(dW, x, dout)
    return dW
