"""Mistake: one max over the whole batch instead of each row's own.

verdict: wrong_answer
diagnosis: max subtracted over the whole batch
"""

import numpy as np


def attend_step(q_t, k_t, v_t, cache):
    K = np.concatenate([cache["k"], k_t[:, None, :]], axis=1)
    V = np.concatenate([cache["v"], v_t[:, None, :]], axis=1)
    scores = np.einsum("bd,btd->bt", q_t, K) / np.sqrt(q_t.shape[-1])
    e = np.exp(scores - scores.max())
    w = e / e.sum(axis=1, keepdims=True)
    out = np.einsum("bt,btv->bv", w, V)
    return out, {"k": K, "v": V}
