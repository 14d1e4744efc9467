"""KV cache: one decoding step of causal attention (drill: kv_cache).

Write the function with numpy only, then run `drill check`.
"""

import numpy as np


def attend_step(q_t, k_t, v_t, cache):
    """One decoding step of causal single-head attention with a key/value cache.

    q_t, k_t: (B, d), the new token's query and key; v_t: (B, dv), its value.
    cache: {"k": (B, t, d), "v": (B, t, dv)}, the keys and values of the t earlier
    positions, oldest first (t may be 0: arrays of shape (B, 0, d) and (B, 0, dv)).

    new_cache = {"k": (B, t + 1, d), "v": (B, t + 1, dv)}: the cache with k_t and v_t
    appended along axis 1 (the new position LAST).
    The query attends to all t + 1 positions, its own new key included:
      scores = q_t . K_j / sqrt(d) for each position j, shape (B, t + 1);
      weights = softmax over the positions (axis 1), stable for scores in the thousands;
      out_t = sum_j weights_j V_j, shape (B, dv).

    Returns (out_t, new_cache). new_cache is a NEW dict: the cache passed in (the dict
    and its arrays) and q_t, k_t, v_t must be left unchanged.
    """
    raise NotImplementedError("attend_step is not implemented yet")
