"""Mistake: forgets to divide by the number of examples m.

verdict: wrong_answer
diagnosis: penalty not divided by m
"""

import numpy as np


def l2_loss_and_grad(data_loss, grads, params, lambd, m):
    weights = [name for name in params if name.startswith("W")]
    penalty = lambd / 2 * sum(np.sum(params[k] ** 2) for k in weights)
    new_grads = dict(grads)
    for name in weights:
        new_grads[name] = grads[name] + lambd * params[name]
    return data_loss + penalty, new_grads
