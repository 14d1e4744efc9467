"""Cross-entropy with label smoothing and an ignore index (drill: label_smoothing_ce).

Write the function with numpy only, then run `drill check`.
"""

import numpy as np


def label_smoothing_ce(logits, labels, smoothing=0.1, ignore_index=-100):
    """Mean label-smoothed cross-entropy over the kept rows, and its gradient.

    logits: shape (N, C), float64, entries up to 1e3 in magnitude.
    labels: shape (N,), int64, each in [0, C) or equal to ignore_index.
    Both may come in any memory layout (C, Fortran or strided).
    smoothing (eps): float in [0, 1]. ignore_index: any int (a class index included).

    Targets (PyTorch's label_smoothing): q_i = (1 - eps) * onehot(labels[i]) + eps / C.
    A row is kept when labels[i] != ignore_index; M = the number of kept rows.
      loss = (1/M) * sum over kept rows of -sum_c q_ic * log softmax(logits[i])_c, a float;
      dlogits = d loss / d logits, shape (N, C): (p_i - q_i) / M on kept rows, 0 on ignored.
    M = 0: loss 0.0 and dlogits all zeros.
    Must not modify logits or labels.
    """
    raise NotImplementedError("label_smoothing_ce is not implemented yet")
