"""Softmax cross-entropy loss and its gradient (drill: softmax_loss).

Write the function with numpy only, then run `drill check`.
"""

import numpy as np


def softmax_loss(scores, y):
    """Mean softmax cross-entropy over a batch, and its gradient.

    scores: shape (N, C), float64 class scores (logits), possibly in the thousands.
    y: shape (N,), int64 true classes, 0 <= y[i] < C.
    Both may come in any memory layout (C, Fortran or strided).

    Returns (loss, dscores):
      loss = -(1/N) * sum_i log softmax(scores[i])[y[i]], a float;
      dscores = d loss / d scores, shape (N, C).
    Must stay finite and accurate for large and widely spread scores.
    Must not modify scores or y.
    """
    raise NotImplementedError("softmax_loss is not implemented yet")
