"""Mistake: np.linalg.norm(W) used without squaring it.

verdict: wrong_answer
diagnosis: norm not squared
"""

import numpy as np


def l2_loss_and_grad(data_loss, grads, params, lambd, m):
    weights = [name for name in params if name.startswith("W")]
    penalty = lambd / (2 * m) * sum(np.linalg.norm(params[k]) for k in weights)
    new_grads = dict(grads)
    for name in weights:
        new_grads[name] = grads[name] + lambd / m * params[name]
    return data_loss + penalty, new_grads
