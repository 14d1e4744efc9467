"""Reference: inverted dropout, p = probability of zeroing a unit (torch.nn.Dropout's p).

Train mode, with keep = 1 - p and an independent draw u ~ U[0, 1) per unit:
    mask = [u >= p] / keep          (each entry is 0 or 1 / keep)
    out  = x * mask                 (so E[out] = x)
    dx   = dout * mask              (the same mask the forward drew)
Test mode is the identity: out = x, dx = dout.
"""

import numpy as np


def dropout_forward(x, dropout_param):
    p = dropout_param["p"]
    mode = dropout_param["mode"]
    if not 0 <= p < 1:
        raise ValueError(f"dropout probability p must be in [0, 1), got {p}")

    if mode == "train":
        rng = np.random.default_rng(dropout_param.get("seed"))
        mask = (rng.random(x.shape) >= p) / (1 - p)
        out = x * mask
    elif mode == "test":
        mask = None
        out = x.copy()
    else:
        raise ValueError(f"invalid dropout mode {mode!r}")
    return out, (mode, mask)


def dropout_backward(dout, cache):
    mode, mask = cache
    if mode == "train":
        return dout * mask
    return dout.copy()
