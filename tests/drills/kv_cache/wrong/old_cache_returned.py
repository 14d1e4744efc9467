"""Mistake: the output is right, but the cache handed back is the one passed in.

verdict: wrong_shape
diagnosis: cache not grown (old cache returned)
"""

import numpy as np


def attend_step(q_t, k_t, v_t, cache):
    K = np.concatenate([cache["k"], k_t[:, None, :]], axis=1)
    V = np.concatenate([cache["v"], v_t[:, None, :]], axis=1)
    scores = np.einsum("bd,btd->bt", q_t, K) / np.sqrt(q_t.shape[-1])
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    w = e / e.sum(axis=1, keepdims=True)
    out = np.einsum("bt,btv->bv", w, V)
    return out, cache
