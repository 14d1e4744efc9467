"""Average pooling: forward and backward (drill: avgpool).

Write both functions with numpy only, then run `drill check`.
"""

import numpy as np


def avg_pool_forward(x, pool_param):
    """Average-pool x of shape (N, C, H, W), each channel separately.

    pool_param: dict with 'pool_height' (ph), 'pool_width' (pw) and 'stride' (s),
    all required; 1 <= ph <= H, 1 <= pw <= W, s >= 1.

    out has shape (N, C, Ho, Wo), Ho = 1 + (H - ph) // s, Wo = 1 + (W - pw) // s
    (rows and columns that do not fill a whole window are ignored), and
        out[n, c, i, j] = mean of x[n, c, i*s : i*s + ph, j*s : j*s + pw].

    Returns (out, cache); cache is whatever your backward needs.
    Must not modify x.
    """
    raise NotImplementedError("avg_pool_forward is not implemented yet")


def avg_pool_backward(dout, cache):
    """Gradient of avg_pool_forward with respect to x.

    dout: shape (N, C, Ho, Wo); cache: from your avg_pool_forward.
    Every entry of window (i, j) gets dout[n, c, i, j] / (ph * pw); where windows
    overlap (s < ph or s < pw) the shares add up.

    Returns dx with the shape of x. Must not modify dout.
    """
    raise NotImplementedError("avg_pool_backward is not implemented yet")
