"""Mistake: adds the weight decay to the caller's gradient arrays in place.

verdict: wrong_answer
"""

import numpy as np


def l2_loss_and_grad(data_loss, grads, params, lambd, m):
    loss = data_loss
    for name, value in params.items():
        if name.startswith("W"):
            loss += lambd / (2 * m) * np.sum(value * value)
            grads[name] += lambd / m * value
    return loss, dict(grads)
