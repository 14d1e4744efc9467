"""Mistake: the penalty lacks the 1/2, lambda / m * sum ||W||^2.

verdict: wrong_answer
diagnosis: penalty missing the 1/2
"""

import numpy as np


def l2_loss_and_grad(data_loss, grads, params, lambd, m):
    weights = [name for name in params if name.startswith("W")]
    penalty = lambd / m * sum(np.sum(params[k] ** 2) for k in weights)
    new_grads = dict(grads)
    for name in weights:
        new_grads[name] = grads[name] + lambd / m * params[name]
    return data_loss + penalty, new_grads
