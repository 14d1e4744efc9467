"""L2 regularisation of a network's loss and gradients (drill: l2_regularization).

Write the function with numpy only, then run `drill check`.
"""

import numpy as np


def l2_loss_and_grad(data_loss, grads, params, lambd, m):
    """Add the L2 penalty to a loss and its gradients.

    params: dict name -> array; keys starting with 'W' are the weight matrices,
            every other key (b1, gamma1, beta1, ...) is not regularised.
    grads: dict with the same keys, the gradients of data_loss.
    The arrays may come in any memory layout (C, Fortran or strided).
    data_loss: float; lambd: float >= 0; m: int, the number of examples.

        loss = data_loss + lambd / (2 * m) * sum over W of sum(W ** 2)
        new_grads[k] = grads[k] + lambd / m * params[k]   (weight matrices)
        new_grads[k] = grads[k]                           (everything else)

    Returns (loss, new_grads) with new_grads a new dict. Must not modify params
    or grads (neither the dicts nor their arrays).
    """
    raise NotImplementedError("l2_loss_and_grad is not implemented yet")
