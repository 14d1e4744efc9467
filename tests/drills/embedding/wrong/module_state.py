"""Mistake: the forward keeps the ids in a module-level variable and the backward reads
them from there. A forward followed by its backward is right; after two forwards,
the first backward scatters into the rows of the second call's ids.

verdict: wrong_answer
diagnosis: state kept outside the cache
"""

import numpy as np

_last = {}


def word_embedding_forward(x, W):
    _last["x"] = x
    _last["V"] = W.shape[0]
    return W[x], None


def word_embedding_backward(dout, cache):
    x, V = _last["x"], _last["V"]
    dW = np.zeros((V, dout.shape[-1]))
    np.add.at(dW, x, dout)
    return dW
