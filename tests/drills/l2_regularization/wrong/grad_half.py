"""Mistake: the gradient keeps the 1/2: (lambda / 2m) * W.

verdict: wrong_answer
diagnosis: gradient uses lambda / 2m
"""

import numpy as np


def l2_loss_and_grad(data_loss, grads, params, lambd, m):
    weights = [name for name in params if name.startswith("W")]
    penalty = lambd / (2 * m) * sum(np.sum(params[k] ** 2) for k in weights)
    new_grads = dict(grads)
    for name in weights:
        new_grads[name] = grads[name] + lambd / (2 * m) * params[name]
    return data_loss + penalty, new_grads
