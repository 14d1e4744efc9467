"""Correct: Hugging Face's form, x * cos + rotate_half(x) * sin with the angles tiled to
(T, d); the backward written as the transpose of that form, not as rope(-pos)."""

import numpy as np


def rotate_half(x):
    half = x.shape[-1] // 2
    return np.concatenate((-x[..., half:], x[..., :half]), axis=-1)


def _cos_sin(pos, d, base):
    inv_freq = 1.0 / (base ** (np.arange(0, d, 2, dtype=np.float64) / d))
    freqs = np.outer(pos, inv_freq)
    emb = np.concatenate((freqs, freqs), axis=-1)  # (T, d): a_0 .. a_(d/2-1) twice
    return np.cos(emb), np.sin(emb)


def rope(x, pos, base=10000.0):
    cos, sin = _cos_sin(pos, x.shape[-1], base)
    return x * cos + rotate_half(x) * sin


def rope_backward(dout, pos, base=10000.0):
    # out = C x + S J x with J = rotate_half, J^T = -J: dx = C dout - J (S dout)
    cos, sin = _cos_sin(pos, dout.shape[-1], base)
    return dout * cos - rotate_half(dout * sin)
