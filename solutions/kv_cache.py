"""Reference: one decoding step of causal single-head attention with a key/value cache.

q_t, k_t (B, d), v_t (B, dv); cache {"k": (B, t, d), "v": (B, t, dv)}, t >= 0:
    K = concat(cache["k"], k_t) along axis 1     (B, t + 1, d): the new key last
    V = concat(cache["v"], v_t) along axis 1     (B, t + 1, dv)
    s = K q_t / sqrt(d)                          (B, t + 1): every cached key and its own
    w = softmax(s) over the t + 1 positions      (each row's max subtracted first)
    out_t = sum_j w_j V_j                        (B, dv)
The query attends to its own new key, so the step appends before it attends. The
new cache is a new dict; the caller's cache and its arrays are left as they were.
T steps from an empty cache give causal attention over the whole sequence.
"""

import numpy as np


def attend_step(q_t, k_t, v_t, cache):
    K = np.concatenate([cache["k"], k_t[:, None, :]], axis=1)
    V = np.concatenate([cache["v"], v_t[:, None, :]], axis=1)
    scores = np.einsum("bd,btd->bt", q_t, K) / np.sqrt(q_t.shape[-1])
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    w = e / e.sum(axis=1, keepdims=True)
    out = np.einsum("bt,btv->bv", w, V)
    return out, {"k": K, "v": V}
