"""Reference: a word-embedding layer, CS231n's shapes.

x (N, T) holds integer word ids in [0, V); W (V, D) holds one vector per word.
    out[n, t] = W[x[n, t]]                               (N, T, D): a row lookup
The lookup is out = onehot(x) @ W, so dW = onehot(x)^T dout: every position sends
its dout[n, t] to the row of its word, and a word that occurs k times collects all
k of them (a word that does not occur gets zero):
    dW[v] = sum over (n, t) with x[n, t] = v of dout[n, t]    (V, D)
`dW[x] += dout` is buffered and keeps one write per repeated id; np.add.at adds
every (id, row) pair. x is integer data, so there is no dx.
"""

import numpy as np


def word_embedding_forward(x, W):
    out = W[x]
    return out, (x, W.shape[0])


def word_embedding_backward(dout, cache):
    x, V = cache
    dW = np.zeros((V, dout.shape[-1]))
    np.add.at(dW, x, dout)
    return dW
