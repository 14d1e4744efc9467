"""Mistake: a new generator from the same seed for every layer, so layers of the same
width draw the same dropout mask: the layers' masks are not independent.

verdict: wrong_answer
diagnosis: same dropout mask in every layer
"""

import numpy as np


def _softmax_loss(scores, y):
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    n = scores.shape[0]
    loss = -log_probs[np.arange(n), y].mean()
    dscores = np.exp(log_probs)
    dscores[np.arange(n), y] -= 1.0
    return loss, dscores / n


def _bn_forward(a, gamma, beta, bn_param, mode):
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    running_mean = bn_param.get("running_mean", np.zeros(a.shape[1]))
    running_var = bn_param.get("running_var", np.zeros(a.shape[1]))
    if mode == "test":
        return gamma * (a - running_mean) / np.sqrt(running_var + eps) + beta, None
    mu, var = a.mean(axis=0), a.var(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    ahat = (a - mu) * inv_std
    bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mu
    bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
    return gamma * ahat + beta, (ahat, gamma, inv_std)


def _bn_backward(dout, cache):
    ahat, gamma, inv_std = cache
    n = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * ahat).sum(axis=0)
    return gamma * inv_std / n * (n * dout - dbeta - ahat * dgamma), dgamma, dbeta


def fc_net_loss(X, y, params, config):
    reg = config.get("reg", 0.0)
    p = config.get("dropout_p", 0.0)
    mode = config.get("mode", "train")
    use_bn = config.get("normalization") == "batchnorm"
    n_layers = sum(1 for key in params if key.startswith("W"))
    if use_bn and "bn_params" not in config:
        config["bn_params"] = [{} for _ in range(n_layers - 1)]
    dropout_on = mode == "train" and p > 0

    h, caches = X, []
    for k in range(1, n_layers):
        a = h @ params[f"W{k}"] + params[f"b{k}"]
        bn_cache = None
        if use_bn:
            gamma, beta = params[f"gamma{k}"], params[f"beta{k}"]
            a, bn_cache = _bn_forward(a, gamma, beta, config["bn_params"][k - 1], mode)
        r = np.maximum(a, 0.0)
        rng = np.random.default_rng(config.get("seed", 0))
        mask = (rng.random(r.shape) >= p) / (1 - p) if dropout_on else None
        caches.append((h, a, bn_cache, mask))
        h = r * mask if dropout_on else r
    scores = h @ params[f"W{n_layers}"] + params[f"b{n_layers}"]

    weights = [params[f"W{k}"] for k in range(1, n_layers + 1)]
    data_loss, dscores = _softmax_loss(scores, y)
    loss = data_loss + 0.5 * reg * sum(float(np.sum(w * w)) for w in weights)
    if mode == "test":
        return loss, None

    grads = {}
    top = f"{n_layers}"
    grads["W" + top] = h.T @ dscores + reg * params["W" + top]
    grads["b" + top] = dscores.sum(axis=0)
    dh = dscores @ params["W" + top].T
    for k in range(n_layers - 1, 0, -1):
        h_in, a, bn_cache, mask = caches[k - 1]
        dr = dh * mask if mask is not None else dh
        da = dr * (a > 0)
        if use_bn:
            da, grads[f"gamma{k}"], grads[f"beta{k}"] = _bn_backward(da, bn_cache)
        grads[f"W{k}"] = h_in.T @ da + reg * params[f"W{k}"]
        grads[f"b{k}"] = da.sum(axis=0)
        dh = da @ params[f"W{k}"].T
    return loss, grads
