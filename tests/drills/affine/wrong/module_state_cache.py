"""Mistake: the layer is written like an object with one slot: the forward saves
x and w as attributes of a module-level object and the backward reads them from
there, ignoring its cache. One forward-backward pair is right; after a second
forward (a second affine layer), the first backward uses the second layer's x and w.

verdict: wrong_answer
diagnosis: state kept outside the cache
"""

import types

import numpy as np

_layer = types.SimpleNamespace(x=None, w=None)


def affine_forward(x, w, b):
    _layer.x, _layer.w = x, w
    x2 = x.reshape(x.shape[0], -1)
    return x2 @ w + b, None


def affine_backward(dout, cache):
    x, w = _layer.x, _layer.w
    x2 = x.reshape(x.shape[0], -1)
    dx = (dout @ w.T).reshape(x.shape)
    dw = x2.T @ dout
    db = np.sum(dout, axis=0)
    return dx, dw, db
