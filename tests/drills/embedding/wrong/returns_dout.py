"""Mistake: the lookup copies rows, so the backward "passes the gradient through"
and returns dout itself, one row per position instead of one per word.

verdict: wrong_shape
diagnosis: dW returned per position (N, T, D)
"""


def word_embedding_forward(x, W):
    return W[x], (x, W.shape[0])


def word_embedding_backward(dout, cache):
    return dout.copy()
