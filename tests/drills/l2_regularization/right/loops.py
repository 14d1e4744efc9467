"""Correct: explicit loops over the entries, a copied dict updated key by key."""

import numpy as np


def l2_loss_and_grad(data_loss, grads, params, lambd, m):
    squares = 0.0
    new_grads = {name: g.copy() for name, g in grads.items()}
    for name, w in params.items():
        if name[0] != "W":
            continue
        for idx in np.ndindex(*w.shape):
            squares += float(w[idx]) ** 2
            new_grads[name][idx] += lambd / m * w[idx]
    return data_loss + lambd * squares / (2.0 * m), new_grads
