"""Correct: explicit loops over every position, adding each gradient to its word's row."""

import numpy as np


def word_embedding_forward(x, W):
    N, T = x.shape
    out = np.zeros((N, T, W.shape[1]))
    for n in range(N):
        for t in range(T):
            out[n, t] = W[x[n, t]]
    return out, (x.copy(), W.shape)


def word_embedding_backward(dout, cache):
    x, (V, D) = cache
    dW = np.zeros((V, D))
    N, T = x.shape
    for n in range(N):
        for t in range(T):
            dW[x[n, t]] += dout[n, t]
    return dW
