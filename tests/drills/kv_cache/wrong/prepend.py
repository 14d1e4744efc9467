"""Mistake: the new key and value go in front of the cache, not at its end.

verdict: wrong_answer
diagnosis: new key prepended instead of appended
"""

import numpy as np


def attend_step(q_t, k_t, v_t, cache):
    K = np.concatenate([k_t[:, None, :], cache["k"]], axis=1)
    V = np.concatenate([v_t[:, None, :], cache["v"]], axis=1)
    scores = np.einsum("bd,btd->bt", q_t, K) / np.sqrt(q_t.shape[-1])
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    w = e / e.sum(axis=1, keepdims=True)
    out = np.einsum("bt,btv->bv", w, V)
    return out, {"k": K, "v": V}
