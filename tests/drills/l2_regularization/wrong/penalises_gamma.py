"""Mistake: excludes the biases by their 'b' prefix, so batch norm's gamma is penalised.

verdict: wrong_answer
diagnosis: biases (or other non-W parameters) penalised
"""

import numpy as np


def l2_loss_and_grad(data_loss, grads, params, lambd, m):
    weights = [name for name in params if not name.startswith("b")]
    penalty = lambd / (2 * m) * sum(np.sum(params[k] ** 2) for k in weights)
    new_grads = dict(grads)
    for name in weights:
        new_grads[name] = grads[name] + lambd / m * params[name]
    return data_loss + penalty, new_grads
