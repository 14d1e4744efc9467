"""Correct: everything inline in one function, binomial dropout masks, batch norm
backward in the mean form, and the L2 gradient folded in as each dW is formed."""

import numpy as np


def fc_net_loss(X, y, params, config):
    reg = config.get("reg", 0.0)
    p = config.get("dropout_p", 0.0)
    train = config.get("mode", "train") == "train"
    bn = config.get("normalization") == "batchnorm"
    depth = max(int(k[1:]) for k in params if k[0] == "W")
    if bn and "bn_params" not in config:
        config["bn_params"] = [dict() for _ in range(depth - 1)]
    rng = np.random.default_rng(config.get("seed", 0))
    n = X.shape[0]

    acts, pre, norm, masks = [X], [], [], []
    for k in range(1, depth):
        z = acts[-1] @ params[f"W{k}"] + params[f"b{k}"]
        pre.append(z)
        if bn:
            bp = config["bn_params"][k - 1]
            eps, mom = bp.get("eps", 1e-5), bp.get("momentum", 0.9)
            if train:
                mu, var = z.mean(0), z.var(0)
                bp["running_mean"] = mom * bp.get("running_mean", 0.0) + (1 - mom) * mu
                bp["running_var"] = mom * bp.get("running_var", 0.0) + (1 - mom) * var
            else:
                mu = bp.get("running_mean", np.zeros(z.shape[1]))
                var = bp.get("running_var", np.zeros(z.shape[1]))
            zhat = (z - mu) / np.sqrt(var + eps)
            norm.append((zhat, np.sqrt(var + eps)))
            z = params[f"gamma{k}"] * zhat + params[f"beta{k}"]
        a = np.maximum(z, 0)
        pre[-1] = z
        if train and p > 0:
            m = rng.binomial(1, 1 - p, size=a.shape) / (1 - p)
            masks.append(m)
            a = a * m
        acts.append(a)
    scores = acts[-1] @ params[f"W{depth}"] + params[f"b{depth}"]

    top = scores.max(axis=1, keepdims=True)
    lse = top[:, 0] + np.log(np.exp(scores - top).sum(axis=1))
    loss = np.mean(lse - scores[np.arange(n), y])
    loss += 0.5 * reg * sum(np.sum(params[f"W{k}"] ** 2) for k in range(1, depth + 1))
    if not train:
        return loss, None

    grads = {}
    d = np.exp(scores - lse[:, None])
    d[np.arange(n), y] -= 1
    d /= n
    for k in range(depth, 0, -1):
        grads[f"W{k}"] = acts[k - 1].T @ d + reg * params[f"W{k}"]
        grads[f"b{k}"] = d.sum(0)
        if k == 1:
            break
        d = d @ params[f"W{k}"].T
        if masks:
            d = d * masks[k - 2]
        d = d * (pre[k - 2] > 0)
        if bn:
            zhat, std = norm[k - 2]
            grads[f"beta{k - 1}"] = d.sum(0)
            grads[f"gamma{k - 1}"] = (d * zhat).sum(0)
            g = d * params[f"gamma{k - 1}"]
            d = (g - g.mean(0) - zhat * (g * zhat).mean(0)) / std
    return loss, grads
