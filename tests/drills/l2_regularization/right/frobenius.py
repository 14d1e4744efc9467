"""Correct: squared Frobenius norms via np.linalg.norm, gradients in one comprehension."""

import numpy as np


def l2_loss_and_grad(data_loss, grads, params, lambd, m):
    decay = lambd / m
    is_weight = {name: name.startswith("W") for name in params}
    reg = sum(np.linalg.norm(params[k]) ** 2 for k, w in is_weight.items() if w)
    loss = float(data_loss + 0.5 * decay * reg)
    new_grads = {k: (g + decay * params[k]) if is_weight[k] else g for k, g in grads.items()}
    return loss, new_grads
