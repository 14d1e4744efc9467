"""Mistake: the weight-decay term is subtracted from the gradient.

verdict: wrong_answer
diagnosis: weight decay with the wrong sign
"""

import numpy as np


def l2_loss_and_grad(data_loss, grads, params, lambd, m):
    weights = [name for name in params if name.startswith("W")]
    penalty = lambd / (2 * m) * sum(np.sum(params[k] ** 2) for k in weights)
    new_grads = dict(grads)
    for name in weights:
        new_grads[name] = grads[name] - lambd / m * params[name]
    return data_loss + penalty, new_grads
