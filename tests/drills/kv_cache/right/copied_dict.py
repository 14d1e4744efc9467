"""Correct: a shallow copy of the dict gets the new arrays (the caller's dict keeps
its own); the softmax through log-sum-exp."""

import numpy as np


def attend_step(q_t, k_t, v_t, cache):
    new = dict(cache)
    new["k"] = np.concatenate((cache["k"], k_t[:, np.newaxis]), axis=1)
    new["v"] = np.concatenate((cache["v"], v_t[:, np.newaxis]), axis=1)
    s = np.sum(new["k"] * q_t[:, np.newaxis, :], axis=2) / np.sqrt(q_t.shape[1])
    top = s.max(axis=1, keepdims=True)
    log_w = s - top - np.log(np.exp(s - top).sum(axis=1, keepdims=True))
    out = np.sum(np.exp(log_w)[:, :, np.newaxis] * new["v"], axis=1)
    return out, new
