"""Mistake: a loop over every position that assigns the row instead of adding to it,
so a repeated word ends with the gradient of its last occurrence only.

verdict: wrong_answer
diagnosis: repeated ids keep only one write
"""

import numpy as np


def word_embedding_forward(x, W):
    return W[x], (x, W.shape[0])


def word_embedding_backward(dout, cache):
    x, V = cache
    N, T, D = dout.shape
    dW = np.zeros((V, D))
    for n in range(N):
        for t in range(T):
            dW[x[n, t]] = dout[n, t]
    return dW
