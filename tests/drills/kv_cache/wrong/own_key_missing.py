"""Mistake: attends over the cache, then appends: the token never sees its own key.

verdict: wrong_answer
diagnosis: query does not attend to its own key
"""

import numpy as np


def attend_step(q_t, k_t, v_t, cache):
    scores = np.einsum("bd,btd->bt", q_t, cache["k"]) / np.sqrt(q_t.shape[-1])
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    w = e / e.sum(axis=1, keepdims=True)
    out = np.einsum("bt,btv->bv", w, cache["v"])
    K = np.concatenate([cache["k"], k_t[:, None, :]], axis=1)
    V = np.concatenate([cache["v"], v_t[:, None, :]], axis=1)
    return out, {"k": K, "v": V}
