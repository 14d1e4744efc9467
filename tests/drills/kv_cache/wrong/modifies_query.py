"""Mistake: scales q_t in place (q_t /= sqrt(d)), changing the caller's array.

verdict: wrong_answer
"""

import numpy as np


def attend_step(q_t, k_t, v_t, cache):
    q_t /= np.sqrt(q_t.shape[-1])
    K = np.concatenate([cache["k"], k_t[:, None, :]], axis=1)
    V = np.concatenate([cache["v"], v_t[:, None, :]], axis=1)
    scores = np.einsum("bd,btd->bt", q_t, K)
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    w = e / e.sum(axis=1, keepdims=True)
    return np.einsum("bt,btv->bv", w, V), {"k": K, "v": V}
