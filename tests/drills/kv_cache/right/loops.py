"""Correct: loops over the batch and the positions, np.append along axis 1."""

import math

import numpy as np


def attend_step(q_t, k_t, v_t, cache):
    K = np.append(cache["k"], k_t.reshape(k_t.shape[0], 1, -1), axis=1)
    V = np.append(cache["v"], v_t.reshape(v_t.shape[0], 1, -1), axis=1)
    B, T, d = K.shape
    out = np.zeros((B, V.shape[2]))
    for b in range(B):
        scores = [float(np.dot(q_t[b], K[b, j])) / math.sqrt(d) for j in range(T)]
        top = max(scores)
        e = [math.exp(s - top) for s in scores]
        total = sum(e)
        for j in range(T):
            out[b] += e[j] / total * V[b, j]
    return out, {"k": K, "v": V}
