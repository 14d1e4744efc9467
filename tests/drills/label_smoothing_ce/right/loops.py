"""Correct: one row at a time in plain Python, the log-sum-exp by hand, ignored rows
skipped, and the divisions by M at the end."""

import math

import numpy as np


def label_smoothing_ce(logits, labels, smoothing=0.1, ignore_index=-100):
    n, c = logits.shape
    dlogits = np.zeros((n, c))
    total, kept = 0.0, 0
    for i in range(n):
        y = int(labels[i])
        if y == ignore_index:
            continue
        kept += 1
        row = [float(v) for v in logits[i]]
        top = max(row)
        log_norm = top + math.log(sum(math.exp(v - top) for v in row))
        for k in range(c):
            log_p = row[k] - log_norm
            q = smoothing / c + (1.0 - smoothing if k == y else 0.0)
            total -= q * log_p
            dlogits[i, k] = math.exp(log_p) - q
    if kept == 0:
        return 0.0, dlogits
    return total / kept, dlogits / kept
