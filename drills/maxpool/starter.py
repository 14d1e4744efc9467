"""Max pooling: forward and backward (drill: maxpool).

Write both functions with numpy only, then run `drill check`.
"""

import numpy as np


def max_pool_forward(x, pool_param):
    """Max-pool x of shape (N, C, H, W), each channel separately.

    pool_param: dict with 'pool_height' (ph), 'pool_width' (pw) and 'stride' (s),
    all required; 1 <= ph <= H, 1 <= pw <= W, s >= 1.

    out has shape (N, C, Ho, Wo), Ho = 1 + (H - ph) // s, Wo = 1 + (W - pw) // s
    (rows and columns that do not fill a whole window are ignored), and
        out[n, c, i, j] = max of x[n, c, i*s : i*s + ph, j*s : j*s + pw].

    Returns (out, cache); cache is whatever your backward needs.
    Must not modify x.
    """
    raise NotImplementedError("max_pool_forward is not implemented yet")


def max_pool_backward(dout, cache):
    """Gradient of max_pool_forward with respect to x.

    dout: shape (N, C, Ho, Wo); cache: from your max_pool_forward.
    Each dout[n, c, i, j] goes to the entry holding its window's maximum. Windows
    overlap when s < ph or s < pw: an entry that is the maximum of several windows
    gets the SUM of their gradients. When a window's maximum is tied, split its
    dout among the tied entries in non-negative shares that add up to exactly
    dout (all of it to the first, as argmax picks, is fine); not the whole dout
    to each of them.

    Returns dx with the shape of x. Must not modify dout.
    """
    raise NotImplementedError("max_pool_backward is not implemented yet")
