"""Mistake: the gradient is 2 * lambda / m * W.

verdict: wrong_answer
diagnosis: gradient 2 * lambda / m * W
"""

import numpy as np


def l2_loss_and_grad(data_loss, grads, params, lambd, m):
    weights = [name for name in params if name.startswith("W")]
    penalty = lambd / (2 * m) * sum(np.sum(params[k] ** 2) for k in weights)
    new_grads = dict(grads)
    for name in weights:
        new_grads[name] = grads[name] + 2 * lambd / m * params[name]
    return data_loss + penalty, new_grads
