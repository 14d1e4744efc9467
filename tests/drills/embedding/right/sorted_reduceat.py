"""Correct: sort the positions by word id, then add each run of equal ids with
np.add.reduceat and write the sums to their (now distinct) rows."""

import numpy as np


def word_embedding_forward(x, W):
    flat = x.reshape(-1)
    out = W[flat].reshape(x.shape + (W.shape[1],))
    return out, (flat, W.shape[0])


def word_embedding_backward(dout, cache):
    flat, V = cache
    D = dout.shape[-1]
    rows = dout.reshape(-1, D)
    order = np.argsort(flat, kind="stable")
    ids = flat[order]
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    dW = np.zeros((V, D))
    dW[ids[starts]] = np.add.reduceat(rows[order], starts, axis=0)
    return dW
