"""LSTM: one step and backpropagation through time (drill: lstm_step).

Write the four functions with numpy only, then run `drill check`.
"""

import numpy as np


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    """One time step of an LSTM, CS231n's gate layout.

    x: (N, D) inputs of this step; prev_h, prev_c: (N, H) hidden and cell state of
    the previous step; Wx: (D, 4H); Wh: (H, 4H); b: (4H,).

    a = x @ Wx + prev_h @ Wh + b, shape (N, 4H), is read as four H-wide blocks in the
    order i, f, o, g: i = sigmoid(a[:, :H]), f = sigmoid(a[:, H:2H]),
    o = sigmoid(a[:, 2H:3H]), g = tanh(a[:, 3H:]). Then
    next_c = f * prev_c + i * g and next_h = o * tanh(next_c).
    The sigmoid must stay finite for any a (|a| may reach 1000).

    Returns (next_h, next_c, cache): next_h and next_c of shape (N, H); cache is
    whatever your lstm_step_backward needs. Must not modify its inputs.
    """
    raise NotImplementedError("lstm_step_forward is not implemented yet")


def lstm_step_backward(dnext_h, dnext_c, cache):
    """Gradients of lstm_step_forward.

    dnext_h, dnext_c: (N, H), upstream gradients of next_h and next_c (next_c also
    reaches the loss through next_h: that part you add). cache: from your
    lstm_step_forward.
    Returns (dx, dprev_h, dprev_c, dWx, dWh, db) with shapes (N, D), (N, H), (N, H),
    (D, 4H), (H, 4H), (4H,). Must not modify dnext_h; may update dnext_c in place.
    """
    raise NotImplementedError("lstm_step_backward is not implemented yet")


def lstm_forward(x, h0, Wx, Wh, b):
    """The LSTM over a whole sequence: T steps of lstm_step_forward.

    x: (N, T, D), the inputs of every step; h0: (N, H), the initial hidden state; the
    initial cell state is zero. Wx, Wh, b: as in lstm_step_forward, shared by every step.

    Returns (h, cache): h[:, t] is the hidden state after step t, shape (N, T, H)
    (h0 is not in h, and the cell states are not returned); cache is whatever your
    lstm_backward needs. Must not modify its inputs.
    """
    raise NotImplementedError("lstm_forward is not implemented yet")


def lstm_backward(dh, cache):
    """Backpropagation through time for lstm_forward.

    dh: (N, T, H), the upstream gradient of every hidden state h[:, t] from the loss
    at that step only (the gradients passed between steps, through h and through c,
    you compute). cache: from your lstm_forward.
    Returns (dx, dh0, dWx, dWh, db) with shapes (N, T, D), (N, H), (D, 4H), (H, 4H),
    (4H,). Must not modify dh.
    """
    raise NotImplementedError("lstm_backward is not implemented yet")
