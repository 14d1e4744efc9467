"""Formula checks for batch norm and dropout gap topics: folding batch norm into the
previous affine or conv layer, group norm forward and backward, spatial dropout and
the variance inverted dropout adds.

Each check compares a cheatsheet block's function with an independent reference
written here by a different route:

- folding: the folded layer's output against the composition of the separate layers,
  an affine written with explicit loops (or the drill's conv_forward_naive) followed
  by test-mode batch norm one output unit or channel at a time;
- group norm: a loop over every (example, group) for the forward pass, and centred
  finite differences of that loop forward for dx, dgamma and dbeta;
- spatial dropout: the rule (out / x is 0 or 1/(1 - p), constant over H and W) and
  three statistics of the mask, each with a Hoeffding bound;
- dropout variance: Monte Carlo with a fixed seed, tolerance six standard errors.

WRONG lists the conventions a candidate plausibly writes that each check must reject.
Loaded by tests/test_cheatsheets.py.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
from reference_solutions import load_solution

SOLUTIONS = Path(__file__).resolve().parent.parent / "solutions"


def _call(fn: Callable, label: str, *args, **kwargs):
    """Call a block's function; a shape error (a scale broadcast along the wrong axis)
    is a wrong answer, so it becomes an AssertionError."""
    try:
        return fn(*args, **kwargs)
    except (ValueError, IndexError) as exc:
        raise AssertionError(f"{label}: the block raised {type(exc).__name__}: {exc}") from exc


# --- folding batch norm into the previous layer ----------------------------------------


def _bn_test_mode_per_unit(
    z: np.ndarray, gamma: np.ndarray, beta: np.ndarray, mu: np.ndarray, var: np.ndarray,
    eps: float,
) -> np.ndarray:  # fmt: skip
    """Test-mode batch norm applied to axis 1 of z, one unit or channel at a time."""
    out = np.empty_like(z)
    for j in range(z.shape[1]):
        out[:, j] = gamma[j] * (z[:, j] - mu[j]) / math.sqrt(var[j] + eps) + beta[j]
    return out


def _affine_loops(x: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    n, d = x.shape
    m = W.shape[1]
    z = np.empty((n, m))
    for i in range(n):
        for j in range(m):
            z[i, j] = sum(x[i, k] * W[k, j] for k in range(d)) + b[j]
    return z


def _bn_params(rng: np.random.Generator, m: int) -> tuple[np.ndarray, ...]:
    gamma = rng.normal(size=m) * 2.0  # negative scales too
    beta, mu = rng.normal(size=m), rng.normal(size=m) * 3.0
    var = rng.uniform(0.05, 4.0, size=m)
    return gamma, beta, mu, var


FOLD_AFFINE_CASES = [(6, 4, 4, 1e-5), (5, 3, 7, 1e-5), (1, 1, 1, 1e-3), (8, 10, 2, 1e-5)]


def _check_fold_affine(fn: Callable) -> None:
    rng = np.random.default_rng(81)
    for n, d, m, eps in FOLD_AFFINE_CASES:
        label = f"fold_bn_affine x ({n}, {d}), W ({d}, {m}), eps {eps}"
        x, W, b = rng.normal(size=(n, d)), rng.normal(size=(d, m)), rng.normal(size=m)
        gamma, beta, mu, var = _bn_params(rng, m)
        want = _bn_test_mode_per_unit(_affine_loops(x, W, b), gamma, beta, mu, var, eps)
        W2, b2 = _call(fn, label, W.copy(), b.copy(), gamma, beta, mu, var, eps)
        assert np.shape(W2) == W.shape, f"{label}: folded W has shape {np.shape(W2)}"
        assert np.shape(b2) == (m,), f"{label}: folded b has shape {np.shape(b2)}"
        np.testing.assert_allclose(
            x @ W2 + b2, want, rtol=1e-9, atol=1e-10, err_msg=f"{label}: folded output"
        )
    # a constant feature (running variance 0): eps alone keeps the scale finite
    W, b = rng.normal(size=(3, 2)), rng.normal(size=2)
    gamma, beta, mu, var = np.ones(2), np.zeros(2), np.zeros(2), np.zeros(2)
    x = rng.normal(size=(4, 3))
    W2, b2 = _call(fn, "running variance 0", W, b, gamma, beta, mu, var, 1e-2)
    np.testing.assert_allclose(
        x @ W2 + b2, (x @ W + b) / 0.1, rtol=1e-9, err_msg="running variance 0, eps 1e-2"
    )


def _conv_forward() -> Callable:
    return load_solution("conv").conv_forward_naive


FOLD_CONV_CASES = [  # x shape, w shape, stride, pad, eps
    ((2, 3, 6, 5), (3, 3, 3, 3), 1, 1, 1e-5),
    ((1, 2, 5, 5), (4, 2, 3, 3), 2, 1, 1e-5),
    ((2, 4, 4, 4), (2, 4, 1, 1), 1, 0, 1e-3),
    ((1, 1, 3, 3), (1, 1, 3, 3), 1, 0, 1e-5),
]


def _check_fold_conv(fn: Callable) -> None:
    conv = _conv_forward()
    rng = np.random.default_rng(82)
    for x_shape, w_shape, stride, pad, eps in FOLD_CONV_CASES:
        label = f"fold_bn_conv x {x_shape}, w {w_shape}, stride {stride}, pad {pad}"
        f = w_shape[0]
        x, w, b = rng.normal(size=x_shape), rng.normal(size=w_shape), rng.normal(size=f)
        gamma, beta, mu, var = _bn_params(rng, f)
        param = {"stride": stride, "pad": pad}
        want = _bn_test_mode_per_unit(conv(x, w, b, param)[0], gamma, beta, mu, var, eps)
        w2, b2 = _call(fn, label, w.copy(), b.copy(), gamma, beta, mu, var, eps)
        assert np.shape(w2) == w.shape, f"{label}: folded w has shape {np.shape(w2)}"
        assert np.shape(b2) == (f,), f"{label}: folded b has shape {np.shape(b2)}"
        got, _ = conv(x, np.asarray(w2), np.asarray(b2), param)
        np.testing.assert_allclose(
            got, want, rtol=1e-9, atol=1e-10, err_msg=f"{label}: folded output"
        )


def _fold_affine_scales_rows(W, b, gamma, beta, mu, var, eps=1e-5):
    s = gamma / np.sqrt(var + eps)
    return W * s[:, None], (b - mu) * s + beta  # PyTorch's (out, in) habit on (D, M)


def _fold_affine_bias_unscaled(W, b, gamma, beta, mu, var, eps=1e-5):
    s = gamma / np.sqrt(var + eps)
    return W * s, b - mu * s + beta


def _fold_conv_scales_input_channels(w, b, gamma, beta, mu, var, eps=1e-5):
    s = gamma / np.sqrt(var + eps)
    return w * s[None, :, None, None], (b - mu) * s + beta


def _fold_conv_bias_unscaled(w, b, gamma, beta, mu, var, eps=1e-5):
    s = gamma / np.sqrt(var + eps)
    return w * s[:, None, None, None], b - mu * s + beta


# --- group norm ------------------------------------------------------------------------


def _reference_group_norm(
    x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, G: int, eps: float
) -> np.ndarray:
    """One (example, group) at a time: channels k*C/G .. (k+1)*C/G - 1 of example n."""
    n_examples, c = x.shape[:2]
    per_group = c // G
    out = np.empty_like(x)
    for n in range(n_examples):
        for k in range(G):
            chans = slice(k * per_group, (k + 1) * per_group)
            block = x[n, chans]
            values = block.ravel().tolist()
            mean = sum(values) / len(values)
            var = sum((v - mean) ** 2 for v in values) / len(values)
            xhat = (block - mean) / math.sqrt(var + eps)
            out[n, chans] = gamma[chans, None, None] * xhat + beta[chans, None, None]
    return out


GN_FORWARD_CASES = [  # (N, C, H, W), G, eps
    ((2, 6, 4, 5), 3, 1e-5),
    ((3, 8, 2, 2), 4, 1e-3),
    ((1, 4, 3, 3), 1, 1e-5),  # G = 1: layer norm over (C, H, W)
    ((2, 4, 3, 2), 4, 1e-5),  # G = C: instance norm
    ((4, 64, 2, 2), 32, 1e-5),  # the paper's default G
    ((2, 3, 1, 1), 3, 1e-5),  # one value per group: out = beta
]


def _gn_input(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Offsets per channel and scales per example, so that grouping the wrong channels
    or pooling the batch changes the statistics."""
    n, c = shape[:2]
    offsets = rng.normal(scale=3.0, size=(1, c, 1, 1))
    scales = rng.uniform(0.5, 3.0, size=(n, 1, 1, 1))
    return rng.normal(size=shape) * scales + offsets


def _check_groupnorm_forward(fn: Callable) -> None:
    rng = np.random.default_rng(83)
    for shape, G, eps in GN_FORWARD_CASES:
        label = f"group norm forward x {shape}, G {G}, eps {eps}"
        x = _gn_input(rng, shape)
        gamma, beta = rng.normal(size=shape[1]), rng.normal(size=shape[1])
        got = _call(fn, label, x.copy(), gamma, beta, G, eps)
        want = _reference_group_norm(x, gamma, beta, G, eps)
        assert np.shape(got) == shape, f"{label}: output shape {np.shape(got)}"
        np.testing.assert_allclose(got, want, rtol=1e-8, atol=1e-10, err_msg=label)
    # independent of the batch: example 0 alone gives what it gives inside the batch
    x = _gn_input(rng, (5, 6, 3, 3))
    gamma, beta = rng.normal(size=6), rng.normal(size=6)
    whole = _call(fn, "batch of 5", x, gamma, beta, 2, 1e-5)
    alone = _call(fn, "batch of 1", x[:1], gamma, beta, 2, 1e-5)
    np.testing.assert_allclose(
        np.asarray(whole)[:1], alone, rtol=1e-9, atol=1e-12,
        err_msg="group norm: an example's output depends on its batch-mates",
    )  # fmt: skip


def _numerical_grad(f: Callable[[np.ndarray], float], a: np.ndarray, h: float) -> np.ndarray:
    grad = np.zeros_like(a)
    for idx in np.ndindex(a.shape):
        old = a[idx]
        a[idx] = old + h
        plus = f(a)
        a[idx] = old - h
        minus = f(a)
        a[idx] = old
        grad[idx] = (plus - minus) / (2 * h)
    return grad


def _gn_numerical_grads(
    dout: np.ndarray, x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, G: int, eps: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Centred differences of L = sum(out * dout) through the loop forward."""
    params = [x.copy(), gamma.copy(), beta.copy()]

    def loss(_: np.ndarray) -> float:  # _numerical_grad perturbs params[i] in place
        out = _reference_group_norm(params[0], params[1], params[2], G, eps)
        return float(np.sum(out * dout))

    return tuple(_numerical_grad(loss, a, h=1e-5) for a in params)


GN_BACKWARD_CASES = [
    ((2, 4, 2, 3), 2, 1e-5),
    ((1, 6, 2, 2), 3, 1e-3),
    ((3, 2, 2, 2), 1, 1e-5),
    ((2, 4, 1, 3), 4, 1e-5),
]


def _check_groupnorm_backward(fn: Callable) -> None:
    rng = np.random.default_rng(84)
    for shape, G, eps in GN_BACKWARD_CASES:
        label = f"group norm backward x {shape}, G {G}, eps {eps}"
        x = _gn_input(rng, shape)
        gamma, beta = rng.normal(size=shape[1]), rng.normal(size=shape[1])
        dout = rng.normal(size=shape)
        want = _gn_numerical_grads(dout, x, gamma, beta, G, eps)
        got = _call(fn, label, dout, x.copy(), gamma, G, eps)
        for name, g, w in zip(("dx", "dgamma", "dbeta"), got, want, strict=True):
            assert np.shape(g) == w.shape, f"{label}: {name} shape {np.shape(g)}, not {w.shape}"
            np.testing.assert_allclose(
                g, w, rtol=1e-5, atol=1e-7, err_msg=f"{label}: {name} vs finite differences"
            )


def _gn_over_batch_too(x, gamma, beta, G, eps=1e-5):
    N, C, H, W = x.shape
    xg = x.reshape(N, G, C // G, H, W)
    mu = xg.mean(axis=(0, 2, 3, 4), keepdims=True)
    var = xg.var(axis=(0, 2, 3, 4), keepdims=True)
    xhat = ((xg - mu) / np.sqrt(var + eps)).reshape(x.shape)
    return gamma[None, :, None, None] * xhat + beta[None, :, None, None]


def _gn_strided_groups(x, gamma, beta, G, eps=1e-5):
    N, C, H, W = x.shape
    xg = x.reshape(N, C // G, G, H, W)  # group k = channels k, k + G, k + 2G, ...
    mu = xg.mean(axis=(1, 3, 4), keepdims=True)
    var = xg.var(axis=(1, 3, 4), keepdims=True)
    xhat = ((xg - mu) / np.sqrt(var + eps)).reshape(x.shape)
    return gamma[None, :, None, None] * xhat + beta[None, :, None, None]


def _gn_backward_gamma_outside(dout, x, gamma, G, eps=1e-5):
    N, C, H, W = x.shape
    m = C // G * H * W
    xg = x.reshape(N, G, C // G, H, W)
    inv_std = 1.0 / np.sqrt(xg.var(axis=(2, 3, 4), keepdims=True) + eps)
    xhat = (xg - xg.mean(axis=(2, 3, 4), keepdims=True)) * inv_std
    d = dout.reshape(xg.shape)
    s = {"axis": (2, 3, 4), "keepdims": True}
    core = inv_std / m * (m * d - d.sum(**s) - xhat * (d * xhat).sum(**s))
    dx = gamma[None, :, None, None] * core.reshape(x.shape)  # gamma pulled out of the sums
    xhat = xhat.reshape(x.shape)
    return dx, (dout * xhat).sum(axis=(0, 2, 3)), dout.sum(axis=(0, 2, 3))


def _gn_backward_m_without_hw(dout, x, gamma, G, eps=1e-5):
    N, C, H, W = x.shape
    m = C // G  # forgets the H * W positions each channel contributes
    xg = x.reshape(N, G, C // G, H, W)
    inv_std = 1.0 / np.sqrt(xg.var(axis=(2, 3, 4), keepdims=True) + eps)
    xhat = (xg - xg.mean(axis=(2, 3, 4), keepdims=True)) * inv_std
    d = (dout * gamma[None, :, None, None]).reshape(xg.shape)
    s = {"axis": (2, 3, 4), "keepdims": True}
    dx = inv_std / m * (m * d - d.sum(**s) - xhat * (d * xhat).sum(**s))
    xhat = xhat.reshape(x.shape)
    return dx.reshape(x.shape), (dout * xhat).sum(axis=(0, 2, 3)), dout.sum(axis=(0, 2, 3))


# --- spatial dropout ---------------------------------------------------------------------

# Each statistic below is an average of n independent {0, 1} draws, so by Hoeffding's
# inequality P(|mean - expected| >= t) <= 2 exp(-2 n t^2). Choosing t for 2 exp(...) =
# 1e-9 makes a correct block fail one comparison with probability below 1e-9, and the
# whole check (at most 3 statistics x 5 cases) below 2e-8, whatever the seed.
FALSE_REJECTION = 1e-9


def _hoeffding(n: int) -> float:
    return math.sqrt(math.log(2 / FALSE_REJECTION) / (2 * n))


SPATIAL_CASES = [  # (N, C, H, W), p
    ((200, 40, 5, 6), 0.3),
    ((64, 16, 8, 8), 0.5),
    ((100, 60, 3, 3), 0.9),
    ((30, 10, 4, 4), 0.0),
    ((400, 8, 1, 2), 0.2),
]


def _check_spatial_dropout(fn: Callable) -> None:
    rng = np.random.default_rng(85)
    for case, (shape, p) in enumerate(SPATIAL_CASES):
        label = f"spatial dropout x {shape}, p {p}"
        x = rng.uniform(0.5, 2.0, size=shape) * rng.choice([-1.0, 1.0], size=shape)
        out, _ = _call(fn, label, x.copy(), p, "train", seed=100 + case)
        out = np.asarray(out)
        assert out.shape == shape, f"{label}: output shape {out.shape}"
        ratio = out / x
        scale = 1.0 / (1.0 - p)
        legal = np.isclose(ratio, 0.0, atol=1e-12) | np.isclose(ratio, scale, rtol=1e-12)
        assert legal.all(), f"{label}: out / x takes values other than 0 and {scale:.4g}"
        assert np.allclose(ratio, ratio[:, :, :1, :1], rtol=1e-12, atol=1e-12), (
            f"{label}: the mask varies over H and W; one draw per (sample, channel) expected"
        )
        kept = ratio[:, :, 0, 0] != 0  # (N, C): one Bernoulli(1 - p) per entry
        n, c = kept.shape
        fraction = kept.mean()
        assert abs(fraction - (1 - p)) <= _hoeffding(n * c), (
            f"{label}: keeps {fraction:.4f} of the channels, expected {1 - p:.4f}"
        )
        if 0 < p < 1:
            # disjoint pairs of independent draws agree with probability p^2 + (1 - p)^2
            agree = p**2 + (1 - p) ** 2
            across_samples = (kept[0 : n - 1 : 2] == kept[1:n:2]).mean()
            assert abs(across_samples - agree) <= _hoeffding((n // 2) * c), (
                f"{label}: two samples share a channel's fate {across_samples:.3f} of the "
                f"time, expected {agree:.3f}: the mask must differ between samples"
            )
            across_channels = (kept[:, 0 : c - 1 : 2] == kept[:, 1:c:2]).mean()
            assert abs(across_channels - agree) <= _hoeffding(n * (c // 2)), (
                f"{label}: two channels share a fate {across_channels:.3f} of the time, "
                f"expected {agree:.3f}: channels must be dropped independently"
            )
        test_out, _ = _call(fn, label, x, p, "test")
        np.testing.assert_array_equal(test_out, x, err_msg=f"{label}: test mode not identity")


def _spatial_elementwise(x, p, mode, seed=None):
    if mode == "test":
        return x, None
    mask = (np.random.default_rng(seed).random(x.shape) >= p) / (1.0 - p)
    return x * mask, mask


def _spatial_one_mask_per_batch(x, p, mode, seed=None):
    if mode == "test":
        return x, None
    rng = np.random.default_rng(seed)
    mask = (rng.random((1, x.shape[1], 1, 1)) >= p) / (1.0 - p)
    return x * mask, mask


def _spatial_whole_samples(x, p, mode, seed=None):
    if mode == "test":
        return x, None
    rng = np.random.default_rng(seed)
    mask = (rng.random((x.shape[0], 1, 1, 1)) >= p) / (1.0 - p)
    return x * mask, mask


# --- the variance dropout adds -----------------------------------------------------------

VARIANCE_DRAWS = 200_000
VARIANCE_X = np.array([1.0, -2.5, 0.0, 0.3, 7.0, -0.01])


def _check_dropout_variance(fn: Callable) -> None:
    """Monte Carlo with a fixed seed: sample mean and unbiased sample variance of
    y = x m / (1 - p), each within six of its own estimated standard errors (a
    two-sided normal tail of about 2e-9 per comparison)."""
    rng = np.random.default_rng(86)
    for p in (0.0, 0.1, 0.3, 0.5, 0.8):
        keep = rng.random((VARIANCE_DRAWS, VARIANCE_X.size)) >= p
        y = VARIANCE_X * keep / (1.0 - p)
        mc_mean = y.mean(axis=0)
        dev2 = (y - mc_mean) ** 2
        mc_var = dev2.sum(axis=0) / (VARIANCE_DRAWS - 1)
        se_mean = y.std(axis=0, ddof=1) / math.sqrt(VARIANCE_DRAWS)
        se_var = dev2.std(axis=0, ddof=1) / math.sqrt(VARIANCE_DRAWS)
        mean, var = _call(fn, f"dropout moments p {p}", VARIANCE_X.copy(), p)
        mean, var = np.broadcast_to(mean, VARIANCE_X.shape), np.broadcast_to(var, VARIANCE_X.shape)
        floor = 1e-9 * np.maximum(1.0, VARIANCE_X**2)  # summation rounding over the draws
        comparisons = (("mean", mean, mc_mean, se_mean), ("variance", var, mc_var, se_var))
        for name, got, want, se in comparisons:
            bad = np.abs(got - want) > 6 * se + floor
            assert not bad.any(), (
                f"dropout {name}, p {p}: block gives {got[bad]} for x = {VARIANCE_X[bad]}, "
                f"Monte Carlo {want[bad]} +- {se[bad]} ({VARIANCE_DRAWS} draws)"
            )
    # a scalar x works too
    mean, var = _call(fn, "scalar x", 2.0, 0.5)
    np.testing.assert_allclose([float(mean), float(var)], [2.0, 4.0], rtol=1e-12,
                               err_msg="x = 2, p = 0.5: mean 2 and variance 4")  # fmt: skip


def _moments_non_inverted_variance(x, p):
    x = np.asarray(x, dtype=float)
    return x, p * (1 - p) * x**2


def _moments_scale_squared_twice(x, p):
    x = np.asarray(x, dtype=float)
    return x, p / (1 - p) ** 2 * x**2


def _moments_without_scale(x, p):
    x = np.asarray(x, dtype=float)
    return x, p * x**2


# --- the registry ------------------------------------------------------------------------

CHECKS: dict[str, Callable[[Callable], None]] = {
    "norm-fold-affine": _check_fold_affine,
    "norm-fold-conv": _check_fold_conv,
    "norm-groupnorm-forward": _check_groupnorm_forward,
    "norm-groupnorm-backward": _check_groupnorm_backward,
    "dropout-gap-spatial": _check_spatial_dropout,
    "dropout-gap-variance": _check_dropout_variance,
}

EXPECTED: dict[str, list[str]] = {
    "batchnorm": [
        "norm-fold-affine", "norm-fold-conv", "norm-groupnorm-forward",
        "norm-groupnorm-backward",
    ],
    "dropout": ["dropout-gap-spatial", "dropout-gap-variance"],
}  # fmt: skip

WRONG: list[tuple[str, Callable]] = [
    ("norm-fold-affine", _fold_affine_scales_rows),
    ("norm-fold-affine", _fold_affine_bias_unscaled),
    ("norm-fold-conv", _fold_conv_scales_input_channels),
    ("norm-fold-conv", _fold_conv_bias_unscaled),
    ("norm-groupnorm-forward", _gn_over_batch_too),
    ("norm-groupnorm-forward", _gn_strided_groups),
    ("norm-groupnorm-backward", _gn_backward_gamma_outside),
    ("norm-groupnorm-backward", _gn_backward_m_without_hw),
    ("dropout-gap-spatial", _spatial_elementwise),
    ("dropout-gap-spatial", _spatial_one_mask_per_batch),
    ("dropout-gap-spatial", _spatial_whole_samples),
    ("dropout-gap-variance", _moments_non_inverted_variance),
    ("dropout-gap-variance", _moments_scale_squared_twice),
    ("dropout-gap-variance", _moments_without_scale),
]
