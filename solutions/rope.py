"""Reference: rotary position embeddings (RoPE), half-split pairing, and their backward.

x (..., T, d) with d even, pos (T,) integer positions, one per row t:
    theta_i = base^(-2i/d)                     i = 0 .. d/2 - 1, one frequency per pair
    a_ti    = pos_t * theta_i                  (T, d/2)
    pair (i, i + d/2) of row t turned by a_ti (the half-split layout of GPT-NeoX and
    Hugging Face's LLaMA; RoFormer and GPT-J pair neighbours (2i, 2i + 1) instead):
        out_i       = x_i cos a - x_{i+d/2} sin a
        out_{i+d/2} = x_i sin a + x_{i+d/2} cos a

The map is a rotation R(pos) of each row, so the gradient of sum(out * dout) with
respect to x is R(pos)^T dout = R(-pos) dout: the same turn, the other way.
"""

import numpy as np


def rope(x, pos, base=10000.0):
    half = x.shape[-1] // 2
    theta = base ** (-2.0 * np.arange(half) / x.shape[-1])  # (d/2,)
    angle = np.asarray(pos, dtype=np.float64)[:, None] * theta  # (T, d/2)
    cos, sin = np.cos(angle), np.sin(angle)
    x1, x2 = x[..., :half], x[..., half:]
    return np.concatenate([x1 * cos - x2 * sin, x1 * sin + x2 * cos], axis=-1)


def rope_backward(dout, pos, base=10000.0):
    return rope(dout, -np.asarray(pos), base)
