"""Mistake: the scores are never divided by sqrt(d).

verdict: wrong_answer
diagnosis: scores not scaled by 1/sqrt(d)
"""

import numpy as np


def attend_step(q_t, k_t, v_t, cache):
    K = np.concatenate([cache["k"], k_t[:, None, :]], axis=1)
    V = np.concatenate([cache["v"], v_t[:, None, :]], axis=1)
    scores = np.einsum("bd,btd->bt", q_t, K)
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    w = e / e.sum(axis=1, keepdims=True)
    out = np.einsum("bt,btv->bv", w, V)
    return out, {"k": K, "v": V}
