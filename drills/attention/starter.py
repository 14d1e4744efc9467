"""Scaled dot-product attention: forward and backward (drill: attention).

Write both functions with numpy only, then run `drill check`.
"""

import numpy as np


def attention_forward(q, k, v, mask=None):
    """softmax(q k^T / sqrt(d)) v for a batch, with an optional boolean mask.

    q: (B, Tq, d) queries; k: (B, Tk, d) keys; v: (B, Tk, dv) values; d = q.shape[-1].
    mask: None (attend to every key) or a boolean array broadcastable to (B, Tq, Tk),
    True = may attend (as in PyTorch's F.scaled_dot_product_attention).

    scores = q @ k^T / sqrt(d)   (k^T swaps k's LAST TWO axes), shape (B, Tq, Tk);
    scores where the mask is False are set to -inf BEFORE the softmax;
    weights = softmax over the keys (last axis), stable for scores in the thousands;
    out = weights @ v, shape (B, Tq, dv).
    A query whose mask row is all False gets an output row of zeros (no NaN; PyTorch
    gives NaN there) and no gradient.

    Returns (out, cache): cache is whatever your backward needs.
    Must not modify q, k, v or mask.
    """
    raise NotImplementedError("attention_forward is not implemented yet")


def attention_backward(dout, cache):
    """Gradients of attention_forward.

    dout: (B, Tq, dv), the gradient of the loss with respect to out;
    cache: from your attention_forward.
    Returns (dq, dk, dv) with the shapes of q, k and v.
    Must not modify dout.
    """
    raise NotImplementedError("attention_backward is not implemented yet")
