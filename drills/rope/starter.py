"""Rotary position embeddings (RoPE): forward and backward (drill: rope).

Write both functions with numpy only, then run `drill check`.
"""

import numpy as np


def rope(x, pos, base=10000.0):
    """Rotate each pair of dimensions (i, i + d/2) of every row of x by pos * theta_i.

    x: float64 array (..., T, d), any number of leading axes (say (B, h, T, d)), d even.
    pos: integer array (T,), the absolute position of each of the T rows (any
    integers >= 0, not necessarily 0..T-1, and they may repeat).
    base: the frequency base, default 10000.0.

    theta_i = base ** (-2i / d) for i = 0 .. d/2 - 1; angle a = pos[t] * theta_i;
    half-split pairing (GPT-NeoX, Hugging Face LLaMA), NOT neighbours (2i, 2i + 1):
        out[..., t, i]       = x[..., t, i] cos a - x[..., t, i + d/2] sin a
        out[..., t, i + d/2] = x[..., t, i] sin a + x[..., t, i + d/2] cos a

    Returns out, float64, the shape of x. Must not modify x or pos.
    """
    raise NotImplementedError("rope is not implemented yet")


def rope_backward(dout, pos, base=10000.0):
    """Gradient of sum(rope(x, pos, base) * dout) with respect to x.

    dout: float64 array (..., T, d), the gradient with respect to rope's output;
    pos and base as for rope. Returns dx, float64, the shape of dout.
    Must not modify dout or pos.
    """
    raise NotImplementedError("rope_backward is not implemented yet")
