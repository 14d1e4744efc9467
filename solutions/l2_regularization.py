"""Reference: L2 regularisation added to a network's loss and gradients.

    J      = data_loss + (lambda / 2m) * sum_l ||W_l||_F^2
    dJ/dW_l = dW_l + (lambda / m) * W_l

Only the weight matrices (keys starting with "W") are penalised; biases and
batch-norm parameters keep their data gradients.
"""

import numpy as np


def _is_weight(name):
    return name.startswith("W")


def l2_loss_and_grad(data_loss, grads, params, lambd, m):
    weights = [name for name in params if _is_weight(name)]
    penalty = lambd / (2 * m) * sum(np.sum(params[name] ** 2) for name in weights)
    new_grads = {
        name: grads[name] + lambd / m * params[name] if _is_weight(name) else grads[name].copy()
        for name in grads
    }
    return data_loss + penalty, new_grads
