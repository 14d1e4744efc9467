"""Correct: caches the flattened input and the original shape; products by einsum."""

import numpy as np


def affine_forward(x, w, b):
    flat = np.reshape(x, (len(x), -1))
    out = np.einsum("nd,dm->nm", flat, w) + b[np.newaxis, :]
    return out, {"flat": flat, "shape": x.shape, "w": w}


def affine_backward(dout, cache):
    flat, w = cache["flat"], cache["w"]
    dx = np.einsum("nm,dm->nd", dout, w).reshape(cache["shape"])
    dw = np.einsum("nd,nm->dm", flat, dout)
    db = np.einsum("nm->m", dout)
    return dx, dw, db
