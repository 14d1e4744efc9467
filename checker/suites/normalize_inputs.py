"""Hidden suite for the normalize_inputs drill: fit per-feature mean and
std = sqrt(var + eps) on training data, apply them to any data set."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import SCALES, Ctx, Suite, as_layout, layouts, seeds
from checker.suites._layouts import note

suite = Suite()

rows = st.integers(1, 10)
features = st.integers(1, 6)
eps_choices = st.sampled_from([1e-8, 1e-5, 1e-2])
# Unit scale first, so a failing example shrinks to one that is easy to read; 1e-4
# makes var comparable with eps, where a misplaced epsilon shows.
scales = st.sampled_from(sorted(SCALES, key=lambda s: abs(np.log10(s))))


def _data(seed: int, m: int, d: int, scale: float, shift: float = 0.0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    spread = rng.uniform(0.5, 2.0, d)
    centre = rng.standard_normal(d) * 3.0 + shift
    return (rng.standard_normal((m, d)) * spread + centre) * scale


# ----------------------------------------------------------------- models of known mistakes


def _fit_mistakes(X, eps, output):
    """What each mistake returns for `output` ("mean" or "std")."""
    if output == "mean":
        return {
            "statistics over axis 1": lambda: X.mean(axis=1),
            "statistics kept as (1, D)": lambda: X.mean(axis=0, keepdims=True),
        }
    var = X.var(axis=0)
    mistakes = {}
    if eps != 1e-8:
        # First: with a large eps, a hard-coded 1e-8 is also indistinguishable from none.
        mistakes["eps argument ignored"] = lambda: np.sqrt(var + 1e-8)
    mistakes |= {
        "no epsilon": lambda: np.sqrt(var),
        "epsilon outside the square root": lambda: np.sqrt(var) + eps,
        "unbiased variance": lambda: np.sqrt(X.var(axis=0, ddof=1) + eps),
        "divides by the variance": lambda: var + eps,
    }
    mistakes["statistics over axis 1"] = lambda: np.sqrt(X.var(axis=1) + eps)
    mistakes["statistics kept as (1, D)"] = lambda: np.sqrt(X.var(axis=0, keepdims=True) + eps)
    return mistakes


def _apply_mistakes(X, mean, std, X_train=None, eps=1e-8):
    mistakes = {
        "divides by the variance": lambda: (X - mean) / std**2,
        "epsilon added twice": lambda: (X - mean) / (std + eps),
        "statistics from the test set": lambda: (X - X.mean(0)) / np.sqrt(X.var(0) + eps),
    }
    if X_train is not None:
        var = X_train.var(axis=0)
        mistakes.update(
            {
                "no epsilon": lambda: (X - mean) / np.sqrt(var),
                "epsilon outside the square root": lambda: (X - mean) / (np.sqrt(var) + eps),
                "unbiased variance": lambda: (
                    (X - mean) / np.sqrt(X_train.var(axis=0, ddof=1) + eps)
                ),
            }
        )
    return mistakes


def _out_atol(X, mean, std) -> float:
    # Outputs are O(|X - mean| / std); entries near zero are judged on that scale.
    return 1e-9 * float(np.max(np.abs(X - mean) / std) + 1.0)


# ----------------------------------------------------------------- fit


@suite.prop(
    "fit: per-feature mean and std = sqrt(biased variance + eps) over axis 0",
    max_examples=25,
    m=st.integers(2, 10),  # m = 1 (variance 0) is judged with the constant features below
    d=features,
    seed=seeds,
    scale=scales,
    eps=eps_choices,
    layout=layouts,
)
def fit_values(ctx: Ctx, m, d, seed, scale, eps, layout):
    X = as_layout(_data(seed, m, d, scale), layout)
    ctx.show(X_train=X, eps=eps, layout=note(X))
    mean, std = ctx.call("fit_normalizer", X, eps, unpack=2)
    ref_mean, ref_std = ctx.ref.fit_normalizer(X, eps)
    ctx.expect_close(
        "mean",
        mean,
        ref_mean,
        atol=1e-12 * float(np.max(np.abs(X))),
        mistakes=_fit_mistakes(X, eps, "mean"),
    )
    ctx.expect_close("std", std, ref_std, mistakes=_fit_mistakes(X, eps, "std"))


@suite.prop(
    "fit: the default eps is 1e-8",
    max_examples=8,
    m=st.integers(2, 10),
    d=features,
    seed=seeds,
)
def fit_default(ctx: Ctx, m, d, seed):
    X = _data(seed, m, d, 1e-4)  # var about 1e-8, so eps changes std by tens of percent
    ctx.show(X_train=X, eps="(omitted)")
    _, std = ctx.call("fit_normalizer", X, unpack=2)
    _, ref_std = ctx.ref.fit_normalizer(X)
    ctx.expect_close("std", std, ref_std, mistakes=_fit_mistakes(X, 1e-8, "std"))


# ----------------------------------------------------------------- apply


@suite.prop(
    "apply: (X - mean) / std with the statistics it is given",
    max_examples=20,
    k=rows,
    d=features,
    seed=seeds,
    scale=scales,
    layout=layouts,
)
def apply_values(ctx: Ctx, k, d, seed, scale, layout):
    rng = np.random.default_rng(seed)
    X = as_layout(_data(seed, k, d, scale, shift=2.0), layout)
    mean = as_layout(rng.standard_normal(d) * scale, layout)
    std = as_layout(rng.uniform(0.2, 3.0, d) * scale, layout)
    ctx.show(X=X, mean=mean, std=std, layout=note(X))
    got = ctx.call("apply_normalizer", X, mean, std)
    expected = ctx.ref.apply_normalizer(X, mean, std)
    ctx.expect_close(
        "X_norm",
        got,
        expected,
        atol=_out_atol(X, mean, std),
        mistakes=_apply_mistakes(X, mean, std),
    )


@suite.prop(
    "test data are normalised with the training statistics",
    max_examples=20,
    m=st.integers(2, 10),
    k=rows,
    d=features,
    seed=seeds,
    scale=scales,
    eps=eps_choices,
)
def train_then_test(ctx: Ctx, m, k, d, seed, scale, eps):
    X_train = _data(seed, m, d, scale)
    X_test = _data(seed + 1, k, d, scale, shift=1.5)
    ctx.show(X_train=X_train, X_test=X_test, eps=eps)
    mean, std = ctx.call("fit_normalizer", X_train, eps, unpack=2)
    got = ctx.call("apply_normalizer", X_test, mean, std)
    ref_mean, ref_std = ctx.ref.fit_normalizer(X_train, eps)
    expected = ctx.ref.apply_normalizer(X_test, ref_mean, ref_std)
    ctx.expect_close(
        "apply_normalizer(X_test, *fit_normalizer(X_train))",
        got,
        expected,
        atol=_out_atol(X_test, ref_mean, ref_std),
        mistakes=_apply_mistakes(X_test, ref_mean, ref_std, X_train, eps),
    )


# ----------------------------------------------------------------- invariants


@suite.prop(
    "normalised training data have per-feature mean 0 and std sqrt(var / (var + eps))",
    max_examples=10,
    m=st.integers(2, 12),
    d=features,
    seed=seeds,
    scale=st.sampled_from([1.0, 1e-2, 1e3]),
)
def standardised(ctx: Ctx, m, d, seed, scale):
    X = _data(seed, m, d, scale)
    ctx.show(X_train=X)
    mean, std = ctx.call("fit_normalizer", X, unpack=2)
    out = ctx.call("apply_normalizer", X, mean, std)
    ctx.expect_array("X_norm", out, X)
    var = X.var(axis=0)
    ctx.expect_close(
        "per-feature mean of X_norm",
        out.mean(axis=0),
        np.zeros(d),
        atol=1e-2,  # with an expected 0 this allows |mean| up to rtol * atol = 1e-8
        what="is not 0",
    )
    ctx.expect_close(
        "per-feature std of X_norm",
        out.std(axis=0),
        np.sqrt(var / (var + 1e-8)),
        what="is not 1 (exactly sqrt(var / (var + eps)))",
    )


@suite.prop(
    "a constant feature gives finite statistics and output (no NaN)",
    max_examples=8,
    m=st.integers(1, 8),
    d=features,
    seed=seeds,
    value=st.sampled_from([0.0, 5.0, -1e3]),
)
def constant_feature(ctx: Ctx, m, d, seed, value):
    X = _data(seed, m, d, 1.0)
    X[:, 0] = value
    X_test = _data(seed + 2, 3, d, 1.0)
    ctx.show(X_train=X, X_test=X_test)
    mean, std = ctx.call("fit_normalizer", X, unpack=2)
    ref_mean, ref_std = ctx.ref.fit_normalizer(X)
    ctx.expect_close("std", std, ref_std, mistakes=_fit_mistakes(X, 1e-8, "std"))
    for name, data in (("X_train", X), ("X_test", X_test)):
        got = ctx.call("apply_normalizer", data, mean, std)
        expected = ctx.ref.apply_normalizer(data, ref_mean, ref_std)
        ctx.expect_close(
            f"apply_normalizer({name}, mean, std)",
            got,
            expected,
            atol=_out_atol(data, ref_mean, ref_std),
        )


@suite.speed("apply_normalizer", size="X of shape (20000, 100)")
def _speed(impl, rng: np.random.Generator):
    X = rng.standard_normal((20_000, 100))
    mean, std = X.mean(axis=0), X.std(axis=0) + 1.0
    return lambda: impl.apply_normalizer(X, mean, std)
