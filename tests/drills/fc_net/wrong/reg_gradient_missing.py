"""Mistake: The penalty is in the loss but reg * W never reaches dW.

verdict: wrong_answer
diagnosis: regularisation gradient missing
"""

import numpy as np


def affine_forward(x, w, b):
    return x @ w + b, (x, w)


def affine_backward(dout, cache):
    x, w = cache
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)


def relu_forward(x):
    return np.maximum(x, 0), x


def relu_backward(dout, x):
    return dout * (x > 0)


def bn_forward(x, gamma, beta, bn_param, mode):
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    rm = bn_param.get("running_mean", np.zeros(x.shape[1]))
    rv = bn_param.get("running_var", np.zeros(x.shape[1]))
    if mode == "train":
        mu = x.mean(axis=0)
        var = x.var(axis=0)
        std = np.sqrt(var + eps)
        xhat = (x - mu) / std
        bn_param["running_mean"] = momentum * rm + (1 - momentum) * mu
        bn_param["running_var"] = momentum * rv + (1 - momentum) * var
        return gamma * xhat + beta, (xhat, gamma, std)
    return gamma * (x - rm) / np.sqrt(rv + eps) + beta, None


def bn_backward(dout, cache):
    xhat, gamma, std = cache
    n = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    dx = (n * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0)) / (n * std)
    return dx, dgamma, dbeta


def dropout_forward(x, p, rng):
    mask = (rng.random(x.shape) >= p) / (1 - p)
    return x * mask, mask


def softmax_loss(scores, y):
    n = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -np.mean(log_probs[np.arange(n), y])
    dscores = np.exp(log_probs)
    dscores[np.arange(n), y] -= 1
    return loss, dscores / n


def fc_net_loss(X, y, params, config):
    reg = config.get("reg", 0.0)
    p = config.get("dropout_p", 0.0)
    mode = config.get("mode", "train")
    use_bn = config.get("normalization") == "batchnorm"
    L = len([k for k in params if k.startswith("W")])
    if use_bn:
        bn_params = config.setdefault("bn_params", [{} for _ in range(L - 1)])
    rng = np.random.default_rng(config.get("seed", 0))
    use_dropout = mode == "train" and p > 0

    caches = []
    h = X
    for i in range(1, L):
        h, fc_cache = affine_forward(h, params[f"W{i}"], params[f"b{i}"])
        bn_cache = None
        if use_bn:
            h, bn_cache = bn_forward(
                h, params[f"gamma{i}"], params[f"beta{i}"], bn_params[i - 1], mode
            )
        h, relu_cache = relu_forward(h)
        mask = None
        if use_dropout:
            h, mask = dropout_forward(h, p, rng)
        caches.append((fc_cache, bn_cache, relu_cache, mask))
    scores, last_cache = affine_forward(h, params[f"W{L}"], params[f"b{L}"])

    loss, dscores = softmax_loss(scores, y)
    for i in range(1, L + 1):
        loss += 0.5 * reg * np.sum(params[f"W{i}"] ** 2)
    if mode == "test":
        return loss, None

    grads = {}
    dh, grads[f"W{L}"], grads[f"b{L}"] = affine_backward(dscores, last_cache)
    for i in range(L - 1, 0, -1):
        fc_cache, bn_cache, relu_cache, mask = caches[i - 1]
        if mask is not None:
            dh = dh * mask
        dh = relu_backward(dh, relu_cache)
        if use_bn:
            dh, grads[f"gamma{i}"], grads[f"beta{i}"] = bn_backward(dh, bn_cache)
        dh, grads[f"W{i}"], grads[f"b{i}"] = affine_backward(dh, fc_cache)
    return loss, grads
