"""Mistake: only the output layer's weights are regularised.

verdict: wrong_answer
diagnosis: only the last weight matrix penalised
"""

import numpy as np


def l2_loss_and_grad(data_loss, grads, params, lambd, m):
    layers = sum(1 for name in params if name.startswith("W"))
    last = f"W{layers}"
    new_grads = dict(grads)
    new_grads[last] = grads[last] + lambd / m * params[last]
    return data_loss + lambd / (2 * m) * np.sum(params[last] ** 2), new_grads
