"""Mistake: v_t[None] puts the new axis in front, (1, B, dv), instead of v_t[:, None],
(B, 1, dv); right when B = 1, an error for a batch of several sequences.

verdict: runtime_error
"""

import numpy as np


def attend_step(q_t, k_t, v_t, cache):
    K = np.concatenate([cache["k"], k_t[:, None, :]], axis=1)
    V = np.concatenate([cache["v"], v_t[None]], axis=1)
    scores = np.einsum("bd,btd->bt", q_t, K) / np.sqrt(q_t.shape[-1])
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    w = e / e.sum(axis=1, keepdims=True)
    return np.einsum("bt,btv->bv", w, V), {"k": K, "v": V}
