"""Fully connected net: loss and gradients (drill: fc_net).

Write fc_net_loss (and any helpers you like) with numpy only, then run `drill check`.
"""

import numpy as np


def fc_net_loss(X, y, params, config):
    """Loss and gradients of {affine - [batchnorm] - relu - [dropout]} x (L-1) - affine - softmax.

    X: (N, D) float64 (any memory layout: C, Fortran or strided); y: (N,) integer
    labels in 0..C-1.
    params: 'W1'..'WL' with Wk of shape (H(k-1), Hk), 'b1'..'bL' of shape (Hk,);
      with batch norm also 'gamma1', 'beta1' .. 'gamma(L-1)', 'beta(L-1)' of shape (Hk,).
      L is the number of 'W' keys; H0 = D, HL = C.
    config (all keys optional):
      'reg' 0.0         L2 strength: loss += 0.5 * reg * sum over k of sum(Wk ** 2),
                        weights only (no biases, gamma or beta)
      'dropout_p' 0.0   probability of ZEROING a unit (inverted dropout, train mode only)
      'seed' 0          the dropout masks are a fixed function of this seed; each
                        layer's mask is its own draw (one generator per call)
      'normalization'   None or 'batchnorm' (affine -> batchnorm -> relu -> dropout)
      'mode' 'train'    'train' or 'test' (test: no dropout, batch norm uses running stats)
      'bn_params'       list of L-1 dicts (eps 1e-5, momentum 0.9, running_mean,
                        running_var: defaults, use the values given); created and
                        stored in config when missing; train mode updates the
                        running statistics in them; a 'mode' key in them is ignored

    Returns (loss, grads): loss = mean softmax cross-entropy + the L2 penalty;
    grads has exactly the keys of params, each the gradient of loss, same shape.
    In test mode grads may be None. Must not modify X, y or the arrays in params.
    """
    raise NotImplementedError("fc_net_loss is not implemented yet")
