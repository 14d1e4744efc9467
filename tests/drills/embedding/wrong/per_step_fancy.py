"""Mistake: loops over time and adds each column of ids with fancy indexing. Repeats
across time steps add up, but a word that occurs twice in the same time step (in
two sequences of the batch) keeps only one of the two gradients.

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
    for t in range(T):
        dW[x[:, t]] += dout[:, t]
    return dW
