"""Mistake: the L1 penalty |W| instead of W**2.

verdict: wrong_answer
diagnosis: L1 penalty instead of L2
"""

import numpy as np


def l2_loss_and_grad(data_loss, grads, params, lambd, m):
    weights = [name for name in params if name.startswith("W")]
    penalty = lambd / (2 * m) * sum(np.sum(np.abs(params[k])) for k in weights)
    new_grads = dict(grads)
    for name in weights:
        new_grads[name] = grads[name] + lambd / (2 * m) * np.sign(params[name])
    return data_loss + penalty, new_grads
