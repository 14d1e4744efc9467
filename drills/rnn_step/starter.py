"""Vanilla RNN: one step and backpropagation through time (drill: rnn_step).

Write the four functions with numpy only, then run `drill check`.
"""

import numpy as np


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    """One time step of a tanh RNN.

    x: (N, D) inputs of this step; prev_h: (N, H) hidden state of the previous step;
    Wx: (D, H) input-to-hidden weights; Wh: (H, H) hidden-to-hidden weights; b: (H,).

    Returns (next_h, cache): next_h = tanh(x @ Wx + prev_h @ Wh + b), shape (N, H);
    cache is whatever your rnn_step_backward needs. Must not modify its inputs.
    """
    raise NotImplementedError("rnn_step_forward is not implemented yet")


def rnn_step_backward(dnext_h, cache):
    """Gradients of rnn_step_forward.

    dnext_h: (N, H), upstream gradient of next_h; cache: from your rnn_step_forward.
    Returns (dx, dprev_h, dWx, dWh, db) with shapes (N, D), (N, H), (D, H), (H, H), (H,).
    Must not modify dnext_h.
    """
    raise NotImplementedError("rnn_step_backward is not implemented yet")


def rnn_forward(x, h0, Wx, Wh, b):
    """The RNN over a whole sequence: T steps of rnn_step_forward.

    x: (N, T, D), the inputs of every step; h0: (N, H), the initial hidden state;
    Wx, Wh, b: as in rnn_step_forward, shared by every step.

    Returns (h, cache): h[:, t] is the hidden state after step t, shape (N, T, H)
    (h0 itself is not in h); cache is whatever your rnn_backward needs.
    Must not modify its inputs.
    """
    raise NotImplementedError("rnn_forward is not implemented yet")


def rnn_backward(dh, cache):
    """Backpropagation through time for rnn_forward.

    dh: (N, T, H), the upstream gradient of every hidden state h[:, t] from the loss
    at that step only (not the gradient passed between steps: that one you compute).
    cache: from your rnn_forward.
    Returns (dx, dh0, dWx, dWh, db) with shapes (N, T, D), (N, H), (D, H), (H, H), (H,).
    Must not modify dh.
    """
    raise NotImplementedError("rnn_backward is not implemented yet")
