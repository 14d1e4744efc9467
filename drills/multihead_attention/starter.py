"""Multi-head self-attention: forward and backward (drill: multihead_attention).

Write both functions with numpy only, then run `drill check`.
"""

import numpy as np


def mha_forward(x, Wq, Wk, Wv, Wo, h, causal=False):
    """Multi-head self-attention of a batch of sequences, no biases.

    x: (B, T, D) float64; Wq, Wk, Wv, Wo: (D, D) float64, applied as x @ W
    (rows = input features); h: the number of heads, an int that divides D,
    d_k = D // h; causal: False (the default) or True.

    Q = x @ Wq, K = x @ Wk, V = x @ Wv                   (B, T, D)
    split each into heads: .reshape(B, T, h, d_k).transpose(0, 2, 1, 3), so that
        head i owns features i*d_k:(i+1)*d_k             (B, h, T, d_k)
    per head: scores = q @ k^T / sqrt(d_k)              (B, h, T, T)
        causal=True: query t may attend to keys 0..t only (itself included, as
        in GPT): the other scores are -inf BEFORE the softmax
        weights = softmax over the keys (last axis), stable for scores in the
        thousands; a = weights @ v                     (B, h, T, d_k)
    merge: a.transpose(0, 2, 1, 3).reshape(B, T, D); out = merged @ Wo (B, T, D)

    Returns (out, cache): cache is whatever your backward needs.
    Must not modify x or the weights.
    """
    raise NotImplementedError("mha_forward is not implemented yet")


def mha_backward(dout, cache):
    """Gradients of sum(out * dout) for mha_forward.

    dout: (B, T, D), the gradient of the loss with respect to out;
    cache: from your mha_forward.
    Returns (dx, dWq, dWk, dWv, dWo) with the shapes of x, Wq, Wk, Wv and Wo.
    Must not modify dout.
    """
    raise NotImplementedError("mha_backward is not implemented yet")
