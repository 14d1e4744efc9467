"""Mistake: returns the penalty alone, forgetting to add the data loss.

verdict: wrong_answer
diagnosis: data loss not added
"""

import numpy as np


def l2_loss_and_grad(data_loss, grads, params, lambd, m):
    reg_loss = 0.0
    new_grads = {}
    for name, g in grads.items():
        if name.startswith("W"):
            reg_loss += 0.5 * lambd / m * np.sum(params[name] ** 2)
            new_grads[name] = g + lambd / m * params[name]
        else:
            new_grads[name] = g
    return reg_loss, new_grads
