"""Hidden suite for fc_net, the capstone: loss and gradients of
{affine - [batch norm] - ReLU - [dropout]} x (L - 1) - affine - softmax with L2.

The loss and every gradient are compared with the reference when dropout is off;
the whole network is gradient-checked against the user's own loss (dropout on
too: the masks are a function of the seed, so the loss is a fixed function of the
parameters); dropout's rate and scaling are read off a network built so that
db1 shows the mask; batch norm's running statistics and test mode are checked.
Known mistakes are named by re-running a small model network with one slip each.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import Ctx, Suite, as_layout, layouts, seeds
from checker.suites._layouts import note

suite = Suite()

hidden_sizes = st.lists(st.integers(1, 5), min_size=0, max_size=2)
nets = st.tuples(st.integers(2, 6), st.integers(1, 5), hidden_sizes, st.integers(2, 4))
regs = st.sampled_from([0.0, 0.1, 1.0])
# At least one hidden layer, for the properties about batch norm's state.
deep_nets = st.tuples(
    st.integers(2, 5),
    st.integers(1, 4),
    st.lists(st.integers(1, 4), min_size=1, max_size=2),
    st.integers(2, 3),
)
x_scales = st.sampled_from([1e-4, 1e-2, 1.0, 10.0, 1e3])
# bn_param values other than the defaults (eps 1e-5, momentum 0.9), which come first
# so that a failure for another reason shrinks to the defaults.
bn_epsilons = st.sampled_from([1e-5, 1e-2, 0.5])
bn_momenta = st.sampled_from([0.9, 0.5, 0.99])
MODE_SLIP = "bn_param['mode'] used instead of config['mode']"


# ----------------------------------------------------------------- test networks


def _network(seed: int, n: int, d: int, hidden: list[int], c: int, bn: bool, scale: float):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d)) * scale
    y = rng.integers(0, c, n)
    dims = [d, *hidden, c]
    params = {}
    for k in range(1, len(dims)):
        params[f"W{k}"] = rng.standard_normal((dims[k - 1], dims[k])) / np.sqrt(dims[k - 1])
        params[f"b{k}"] = rng.standard_normal(dims[k]) * 0.5
        if bn and k < len(dims) - 1:
            params[f"gamma{k}"] = rng.uniform(0.5, 1.5, dims[k])
            params[f"beta{k}"] = rng.standard_normal(dims[k]) * 0.5
    return X, y, params


def _config(reg: float, bn: bool, mode: str = "train", p: float = 0.0, seed: int = 0):
    return {
        "reg": reg,
        "dropout_p": p,
        "seed": seed,
        "normalization": "batchnorm" if bn else None,
        "mode": mode,
    }


def _copy_config(config: dict) -> dict:
    out = dict(config)
    if "bn_params" in config:
        # Arrays copied; eps, momentum (and a left-over 'mode') stay the floats and
        # strings they are.
        out["bn_params"] = [
            {k: v.copy() if isinstance(v, np.ndarray) else v for k, v in bp.items()}
            for bp in config["bn_params"]
        ]
    return out


def _fresh_bn_params(
    hidden: list[int],
    rng: np.random.Generator,
    scale: float,
    momentum: float = 0.9,
    eps: float = 1e-5,
) -> list[dict]:
    return [
        {
            "running_mean": rng.standard_normal(h) * scale,
            "running_var": rng.uniform(0.1, 2.0, h) * scale**2,
            "momentum": momentum,
            "eps": eps,
        }
        for h in hidden
    ]


def _laid_out(X, params: dict, layout: str):
    """X and the weight matrices in `layout` (same values)."""
    laid = {k: as_layout(v, layout) if k.startswith("W") else v for k, v in params.items()}
    return as_layout(X, layout), laid


# ----------------------------------------------------------------- models of known mistakes


def _model(X, y, params, config, slip: str = ""):
    """The network without dropout, with one named slip; returns (loss, grads)."""
    reg = config.get("reg", 0.0)
    mode = config.get("mode", "train")
    bn = config.get("normalization") == "batchnorm"
    bn_params = config.get("bn_params")
    layers = sum(1 for key in params if key.startswith("W"))
    n = X.shape[0]

    def batchnorm(a, k):
        gamma, beta = params[f"gamma{k}"], params[f"beta{k}"]
        if mode == "test" and slip != "test mode uses batch statistics":
            bp = bn_params[k - 1] if bn_params else {}
            c = a.shape[1]
            mu, var = bp.get("running_mean", np.zeros(c)), bp.get("running_var", np.zeros(c))
            eps = 1e-5 if slip == "bn_param['eps'] ignored" else bp.get("eps", 1e-5)
            return gamma * (a - mu) / np.sqrt(var + eps) + beta, None
        eps = bn_params[k - 1].get("eps", 1e-5) if bn_params else 1e-5
        if slip == "bn_param['eps'] ignored":
            eps = 1e-5
        inv = 1.0 / np.sqrt(a.var(0) + eps)
        ahat = (a - a.mean(0)) * inv
        return gamma * ahat + beta, (ahat, gamma, inv)

    def batchnorm_back(dz, cache):
        ahat, gamma, inv = cache
        dbeta, dgamma = dz.sum(0), (dz * ahat).sum(0)
        return gamma * inv / n * (n * dz - dbeta - ahat * dgamma), dgamma, dbeta

    h, caches = X, []
    for k in range(1, layers):
        a = h @ params[f"W{k}"] + params[f"b{k}"]
        z, cache = a, None
        if bn and slip != "batch norm after the ReLU":
            z, cache = batchnorm(a, k)
        r = np.maximum(z, 0)
        if bn and slip == "batch norm after the ReLU":
            r, cache = batchnorm(r, k)
        caches.append((h, a, z, cache))
        h = r
    pre = h @ params[f"W{layers}"] + params[f"b{layers}"]
    scores = np.maximum(pre, 0) if slip == "ReLU after the last layer" else pre

    if slip == "softmax loss not computed stably":
        e = np.exp(scores)
        probs = e / e.sum(1, keepdims=True)
    else:
        e = np.exp(scores - scores.max(1, keepdims=True))
        probs = e / e.sum(1, keepdims=True)
    picked = -np.log(probs[np.arange(n), y])
    summed = slip == "data loss summed over the batch"
    loss = picked.sum() if summed else picked.mean()
    penalised = [key for key in params if key.startswith("W")]
    if slip == "L2 penalty on the biases":
        penalised += [key for key in params if key.startswith("b") and not key.startswith("beta")]
    half = 1.0 if slip == "penalty without the factor 0.5" else 0.5
    loss += half * reg * sum(float(np.sum(params[key] ** 2)) for key in penalised)

    dscores = probs.copy()
    dscores[np.arange(n), y] -= 1
    if not summed and slip != "softmax gradient not averaged over the batch":
        dscores /= n
    if slip == "ReLU after the last layer":
        dscores = dscores * (pre > 0)
    grads = {f"W{layers}": h.T @ dscores, f"b{layers}": dscores.sum(0)}
    dh = dscores @ params[f"W{layers}"].T
    for k in range(layers - 1, 0, -1):
        h_in, a, z, cache = caches[k - 1]
        if bn and slip == "batch norm after the ReLU":
            dr, grads[f"gamma{k}"], grads[f"beta{k}"] = batchnorm_back(dh, cache)
            da = dr * (a > 0)
        else:
            mask_from = a if slip == "ReLU mask from the pre-batchnorm values" else z
            da = dh * (mask_from > 0)
            if bn:
                da, grads[f"gamma{k}"], grads[f"beta{k}"] = batchnorm_back(da, cache)
        grads[f"W{k}"] = h_in.T @ da
        grads[f"b{k}"] = da.sum(0)
        dh = da @ params[f"W{k}"].T
    if slip != "regularisation gradient missing":
        for key in penalised:
            grads[key] = grads[key] + 2 * half * reg * params[key]
    return loss, grads


LOSS_SLIPS = (
    "softmax loss not computed stably",
    "L2 penalty on the biases",
    "penalty without the factor 0.5",
    "ReLU after the last layer",
    "batch norm after the ReLU",
    "data loss summed over the batch",
    "test mode uses batch statistics",
    "bn_param['eps'] ignored",
)
GRAD_SLIPS = (
    "regularisation gradient missing",
    "softmax gradient not averaged over the batch",
    "ReLU mask from the pre-batchnorm values",
    "L2 penalty on the biases",
    "penalty without the factor 0.5",
    "ReLU after the last layer",
    "batch norm after the ReLU",
    "data loss summed over the batch",
    "bn_param['eps'] ignored",
)


def _loss_models(X, y, params, config) -> dict:
    return {s: (lambda s=s: _model(X, y, params, _copy_config(config), s)[0]) for s in LOSS_SLIPS}


def _grad_models(X, y, params, config, key: str) -> dict:
    def value(slip):
        return _model(X, y, params, _copy_config(config), slip)[1].get(key)

    return {s: (lambda s=s: value(s)) for s in GRAD_SLIPS}


# ----------------------------------------------------------------- calling


def _call(ctx: Ctx, X, y, params, config):
    """The user's fc_net_loss; params must come back unchanged (ctx.call checks X, y)."""
    before = {k: v.copy() for k, v in params.items()}
    result = ctx.call("fc_net_loss", X, y, params, config, unpack=2)
    for k, v in before.items():
        ctx.expect(
            np.array_equal(params.get(k), v),
            f"fc_net_loss modified params['{k}'] in place; it must leave the parameters alone "
            "(an optimiser updates them, not the loss function)",
        )
    return result


def _expect_loss(ctx: Ctx, name: str, loss, expected: float, models: dict) -> None:
    """A non-finite loss where the reference is finite gets its own message: inf and
    NaN cannot be matched against a model value."""
    try:
        value = float(loss)
    except (TypeError, ValueError):
        value = 0.0  # not a number at all: expect_close reports the type
    if np.isfinite(expected) and not np.isfinite(value):
        ctx.expect(
            False,
            f"{name} is {value} where {expected:.6g} was expected: with scores in the "
            "hundreds, exp overflows or a probability underflows to 0 before the log",
            mistake=ctx.mistakes.get("softmax loss not computed stably"),
        )
    ctx.expect_close(name, loss, expected, atol=1e-12, mistakes=models)


def _check_grads(ctx: Ctx, grads, ref_grads: dict, params: dict, models) -> None:
    ctx.expect(
        isinstance(grads, dict),
        f"grads should be a dict keyed like params, got {type(grads).__name__}",
        kind="wrong_shape",
    )
    missing = sorted(set(params) - set(grads))
    extra = sorted(set(grads) - set(params))
    ctx.expect(
        not missing and not extra,
        f"grads must have exactly the keys of params; missing {missing}, unexpected {extra}",
        kind="wrong_shape",
    )
    scale = max(float(np.max(np.abs(g))) for g in ref_grads.values())
    layers = sum(1 for key in params if key.startswith("W"))
    # Top layer first: a slip near the loss shows there most plainly.
    order = [
        f"{name}{k}"
        for k in range(layers, 0, -1)
        for name in ("W", "b", "gamma", "beta")
        if f"{name}{k}" in params
    ]
    for key in order:
        atol = 1e-9 * scale
        k = key[1:]
        if key.startswith("b") and f"gamma{k}" in params:
            # Batch norm cancels a hidden bias: its gradient is exactly zero and what
            # is computed is rounding noise on the scale of the layer's own gradient,
            # up to |gamma| |dbeta| / sqrt(eps); a real slip is far larger.
            layer = np.max(np.abs(params[f"gamma{k}"])) * np.max(np.abs(ref_grads[f"beta{k}"]))
            atol = max(atol, 1e-6 * float(layer) / np.sqrt(1e-5))
        ctx.expect_close(
            f"grads['{key}']", grads[key], ref_grads[key], atol=atol, mistakes=models(key)
        )


# ----------------------------------------------------------------- loss and gradients


@suite.prop(
    "loss matches the reference (no batch norm, dropout off)",
    max_examples=30,
    net=nets,
    seed=seeds,
    reg=regs,
    scale=x_scales,
    layout=layouts,
)
def plain_loss(ctx: Ctx, net, seed, reg, scale, layout):
    n, d, hidden, c = net
    X, y, params = _network(seed, n, d, hidden, c, False, scale)
    X, params = _laid_out(X, params, layout)
    config = _config(reg, False)
    ctx.show(X=X, y=y, params=params, config=config, layout=note(X))
    loss, _ = _call(ctx, X, y, params, dict(config))
    expected, _ = ctx.ref.fc_net_loss(X, y, params, dict(config))
    _expect_loss(ctx, "loss", loss, expected, _loss_models(X, y, params, config))


@suite.prop(
    "loss matches the reference with batch norm (train mode, dropout off)",
    max_examples=25,
    net=st.tuples(st.integers(2, 6), st.integers(1, 4), hidden_sizes, st.integers(2, 4)),
    seed=seeds,
    reg=regs,
    scale=x_scales,
    eps=bn_epsilons,
)
def bn_loss(ctx: Ctx, net, seed, reg, scale, eps):
    n, d, hidden, c = net
    X, y, params = _network(seed, n, d, hidden, c, True, scale)
    config = _config(reg, True)
    config["bn_params"] = [{} if eps == 1e-5 else {"eps": eps} for _ in hidden]
    ctx.show(X=X, y=y, params=params, config=config)
    loss, _ = _call(ctx, X, y, params, _copy_config(config))
    expected, _ = ctx.ref.fc_net_loss(X, y, params, _copy_config(config))
    _expect_loss(ctx, "loss", loss, expected, _loss_models(X, y, params, config))


@suite.prop(
    "gradients match the reference (with and without batch norm, dropout off)",
    max_examples=25,
    net=nets,
    seed=seeds,
    reg=regs,
    bn=st.booleans(),
    scale=st.sampled_from([1e-2, 1.0, 10.0]),
    layout=layouts,
)
def gradients(ctx: Ctx, net, seed, reg, bn, scale, layout):
    n, d, hidden, c = net
    X, y, params = _network(seed, n, d, hidden, c, bn, scale)
    X, params = _laid_out(X, params, layout)
    config = _config(reg, bn)
    if bn:
        config["bn_params"] = [{} for _ in hidden]
    ctx.show(X=X, y=y, params=params, config=config, layout=note(X))
    _, grads = _call(ctx, X, y, params, _copy_config(config))
    _, ref_grads = ctx.ref.fc_net_loss(X, y, params, _copy_config(config))
    _check_grads(ctx, grads, ref_grads, params, lambda key: _grad_models(X, y, params, config, key))


@suite.prop(
    "gradient check of the whole network against your own loss (batch norm, dropout, L2)",
    max_examples=6,
    n=st.integers(2, 4),
    d=st.integers(1, 3),
    hidden=st.lists(st.integers(1, 4), min_size=1, max_size=2),
    c=st.integers(2, 3),
    seed=seeds,
    bn=st.booleans(),
    p=st.sampled_from([0.0, 0.3]),
)
def gradient_check(ctx: Ctx, n, d, hidden, c, seed, bn, p):
    X, y, params = _network(seed, n, d, hidden, c, bn, 1.0)
    config = _config(0.3, bn, p=p, seed=seed % 1000)
    ctx.show(X=X, y=y, params=params, config=config)
    _, grads = _call(ctx, X, y, params, _copy_config(config))
    _check_keys(ctx, grads, params)
    top_bias = f"b{len(hidden) + 1}"
    for key in params:
        # With batch norm a hidden bias is cancelled by the batch mean: its gradient is
        # exactly zero and a finite difference of it is pure rounding noise.
        if bn and key.startswith("b") and not key.startswith("beta") and key != top_bias:
            continue
        models = _grad_models(X, y, params, config, key) if p == 0 else {}

        def loss_of(value, key=key):
            trial = {**params, key: value}
            loss, _ = ctx.call("fc_net_loss", X, y, trial, _copy_config(config), unpack=2)
            return float(loss)

        ctx.grad_check(f"grads['{key}']", loss_of, params[key], grads[key], mistakes=models)


def _check_keys(ctx: Ctx, grads, like: dict) -> None:
    ctx.expect(
        isinstance(grads, dict),
        f"grads should be a dict keyed like params, got {type(grads).__name__}",
        kind="wrong_shape",
    )
    missing = sorted(set(like) - set(grads))
    ctx.expect(not missing, f"grads is missing the keys {missing}", kind="wrong_shape")
    for key, value in like.items():
        ctx.expect_array(f"grads['{key}']", grads[key], value)


# ----------------------------------------------------------------- dropout


@suite.prop(
    "dropout: about p of the units dropped, the rest scaled by 1/(1-p), masks follow the seed",
    max_examples=6,
    p=st.sampled_from([0.2, 0.3, 0.75]),
    seed=st.integers(0, 10_000),
)
def dropout_mask(ctx: Ctx, p, seed):
    # X = [[1]], W1 = 0 and b1 = c make every hidden unit equal to c before dropout;
    # W2 sends a to class 0 only. Then, with S = a c K / (1 - p) for K kept units,
    # loss = log(1 + e^S) for y = 1, and db1_j = mask_j a sigma(S) / (1 - p):
    # db1 shows the mask and its scale.
    hidden, a, c = 2000, 1e-3, 1.0
    params = {
        "W1": np.zeros((1, hidden)),
        "b1": np.full(hidden, c),
        "W2": np.stack([np.full(hidden, a), np.zeros(hidden)], axis=1),
        "b2": np.zeros(2),
    }
    X, y = np.ones((1, 1)), np.array([1])
    config = _config(0.0, False, p=p, seed=seed)
    ctx.show(X=X, y=y, params=params, config=config)
    loss, grads = _call(ctx, X, y, params, dict(config))
    _check_keys(ctx, grads, params)
    db1 = np.asarray(grads["b1"])
    kept = db1 != 0
    k = int(kept.sum())
    mean, sd = hidden * (1 - p), np.sqrt(hidden * p * (1 - p))
    as_keep = abs(k - hidden * p) <= 6 * sd
    ctx.expect(
        abs(k - mean) <= 6 * sd,
        f"with dropout_p = {p}, {k} of {hidden} hidden units were kept (their db1 is not 0); "
        f"expected about {mean:.0f} (1 - p of them)",
        mistake=ctx.mistakes.get("p used as the keep probability") if as_keep else None,
    )
    s = a * c * k / (1 - p)
    ctx.expect_close(
        "loss",
        loss,
        np.logaddexp(0.0, s),
        rtol=1e-7,
        what=f"is not what {k} kept units scaled by 1/(1-p) give",
        mistakes={"dropout not scaled by 1/(1-p)": lambda: np.logaddexp(0.0, a * c * k)},
    )
    sigma = 1.0 / (1.0 + np.exp(-s))
    ctx.expect_close(
        "grads['b1']",
        db1,
        kept * a * sigma / (1 - p),
        rtol=1e-7,
        mistakes={"dropout not scaled by 1/(1-p)": lambda: kept * a * sigma},
    )
    again, regrads = _call(ctx, X, y, params, dict(config))
    ctx.expect(
        float(again) == float(loss) and np.array_equal(np.asarray(regrads["b1"]) != 0, kept),
        "two calls with the same config['seed'] dropped different units; the masks must be "
        "a function of the seed (e.g. np.random.default_rng(config['seed']))",
    )
    _, other = _call(ctx, X, y, params, {**config, "seed": seed + 1})
    ctx.expect(
        not np.array_equal(np.asarray(other["b1"]) != 0, kept),
        "config['seed'] + 1 dropped exactly the same units: the masks ignore the seed",
    )


@suite.prop(
    "dropout: every layer draws its own mask (two layers of one width do not drop the same units)",
    max_examples=3,
    p=st.sampled_from([0.3, 0.5]),
    seed=st.integers(0, 10_000),
)
def dropout_layers_independent(ctx: Ctx, p, seed):
    # X = [[1]], W1 = 0 and b1 = 1 make every unit of layer 1 equal to 1 before dropout;
    # W2 = w I and b2 = 1 keep every unit of layer 2 positive whatever layer 1 dropped;
    # W3 sends layer 2 to class 0 only. Then dW2[i, j] = h1_i * da2_j is non-zero
    # exactly where layer 1 kept unit i and layer 2 kept unit j.
    width, w, a = 64, 0.1, 1e-2
    params = {
        "W1": np.zeros((1, width)),
        "b1": np.ones(width),
        "W2": np.eye(width) * w,
        "b2": np.ones(width),
        "W3": np.stack([np.full(width, a), np.zeros(width)], axis=1),
        "b3": np.zeros(2),
    }
    X, y = np.ones((1, 1)), np.array([1])
    config = _config(0.0, False, p=p, seed=seed)
    ctx.show(X=X, y=y, params=params, config=config)
    _, grads = _call(ctx, X, y, params, dict(config))
    _check_keys(ctx, grads, params)
    used = np.asarray(grads["W2"]) != 0
    first, second = used.any(axis=1), used.any(axis=0)
    if not first.any() or not second.any():
        return  # a layer dropped every unit: nothing to compare (p**64 at most)
    ctx.expect(
        not np.array_equal(first, second),
        f"layers 1 and 2 (both {width} units wide) dropped exactly the same units "
        f"({int((~first).sum())} of them): each layer's mask must be its own draw, e.g. one "
        "np.random.default_rng(config['seed']) per call, drawing layer after layer",
        mistake=ctx.mistakes.get("same dropout mask in every layer"),
    )


# ----------------------------------------------------------------- batch norm state, test mode


@suite.prop(
    "train mode: batch norm's running statistics updated in config['bn_params']",
    max_examples=15,
    net=deep_nets,
    seed=seeds,
    scale=st.sampled_from([1e-2, 1.0, 10.0]),
    momentum=bn_momenta,
)
def running_statistics(ctx: Ctx, net, seed, scale, momentum):
    n, d, hidden, c = net
    X, y, params = _network(seed, n, d, hidden, c, True, scale)
    config = _config(0.1, True)
    rng = np.random.default_rng(seed + 1)
    config["bn_params"] = _fresh_bn_params(hidden, rng, 1.0, momentum=momentum)
    ctx.show(X=X, y=y, params=params, config=config)
    mine = _copy_config(config)
    _call(ctx, X, y, params, mine)
    ref = _copy_config(config)
    ctx.ref.fc_net_loss(X, y, params, ref)
    # The same update with the default momentum 0.9 in place of the one given.
    default_momentum = _copy_config(config)
    for bp in default_momentum["bn_params"]:
        bp["momentum"] = 0.9
    ctx.ref.fc_net_loss(X, y, params, default_momentum)
    for k, (got, want) in enumerate(zip(mine["bn_params"], ref["bn_params"], strict=True)):
        old, hardcoded = config["bn_params"][k], default_momentum["bn_params"][k]
        for key in ("running_mean", "running_var"):
            ctx.expect_close(
                f"config['bn_params'][{k}]['{key}']",
                got.get(key),
                want[key],
                atol=1e-12,
                mistakes={
                    "running statistics not updated": lambda old=old, key=key: old[key],
                    "bn_param['momentum'] ignored": lambda h=hardcoded, key=key: h[key],
                },
            )


@suite.prop(
    "test mode: no dropout, batch norm uses the running statistics and leaves them alone",
    max_examples=15,
    net=nets,
    seed=seeds,
    reg=regs,
    bn=st.booleans(),
    p=st.sampled_from([0.0, 0.3, 0.75]),
    eps=bn_epsilons,
    stale=st.booleans(),
)
def test_mode(ctx: Ctx, net, seed, reg, bn, p, eps, stale):
    n, d, hidden, c = net
    X, y, params = _network(seed, n, d, hidden, c, bn, 1.0)
    config = _config(reg, bn, mode="test", p=p, seed=seed % 1000)
    if bn:
        rng = np.random.default_rng(seed + 2)
        config["bn_params"] = _fresh_bn_params(hidden, rng, 1.0, eps=eps)
    ctx.show(X=X, y=y, params=params, config=config)
    mine = _copy_config(config)
    loss, _ = _call(ctx, X, y, params, mine)
    expected, _ = ctx.ref.fc_net_loss(X, y, params, _copy_config(config))
    _expect_loss(ctx, "loss (test mode)", loss, expected, _loss_models(X, y, params, config))
    for k, bp in enumerate(config.get("bn_params", [])):
        for key in ("running_mean", "running_var"):
            ctx.expect_close(
                f"config['bn_params'][{k}]['{key}'] after a test-mode call",
                mine["bn_params"][k].get(key),
                bp[key],
                what="changed, but test mode must leave it alone",
            )
    if bn and hidden and stale:
        # A train-mode call before this one may have left 'mode': 'train' in every
        # bn_param (a batchnorm layer's own API keeps it there); config['mode'] decides.
        left = _copy_config(config)
        for bp in left["bn_params"]:
            bp["mode"] = "train"
        ctx.show(X=X, y=y, params=params, config=left)
        loss, _ = _call(ctx, X, y, params, _copy_config(left))
        ctx.expect_close(
            "loss (test mode, bn_params holding 'mode': 'train')",
            loss,
            expected,
            atol=1e-12,
            mistakes={
                MODE_SLIP: lambda: _model(
                    X, y, params, _copy_config(config), "test mode uses batch statistics"
                )[0]
            },
            what="differs from the same call without the 'mode' keys",
        )


@suite.prop(
    "defaults: reg 0, no dropout, no normalisation, train mode; bn_params created when missing",
    max_examples=10,
    net=deep_nets,
    seed=seeds,
)
def defaults(ctx: Ctx, net, seed):
    n, d, hidden, c = net
    X, y, params = _network(seed, n, d, hidden, c, False, 1.0)
    ctx.show(X=X, y=y, params=params, config={})
    loss, grads = _call(ctx, X, y, params, {})
    expected, ref_grads = ctx.ref.fc_net_loss(X, y, params, {})
    ctx.expect_close("loss", loss, expected, atol=1e-12, mistakes=_loss_models(X, y, params, {}))
    _check_grads(ctx, grads, ref_grads, params, lambda key: _grad_models(X, y, params, {}, key))

    X, y, params = _network(seed, n, d, hidden, c, True, 1.0)
    config = {"normalization": "batchnorm"}
    ctx.show(X=X, y=y, params=params, config=dict(config))
    loss, _ = _call(ctx, X, y, params, config)
    ref_config = {"normalization": "batchnorm"}
    expected, _ = ctx.ref.fc_net_loss(X, y, params, ref_config)
    ctx.expect_close("loss", loss, expected, atol=1e-12)
    stored = config.get("bn_params")
    ctx.expect(
        isinstance(stored, list) and len(stored) == len(hidden),
        "without config['bn_params'], a train-mode call must create one dict per hidden layer "
        "and store the list in config['bn_params']",
    )
    for k, (got, want) in enumerate(zip(stored, ref_config["bn_params"], strict=True)):
        for key in ("running_mean", "running_var"):
            ctx.expect_close(
                f"config['bn_params'][{k}]['{key}']", got.get(key), want[key], atol=1e-12
            )
