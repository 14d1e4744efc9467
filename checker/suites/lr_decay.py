"""Hidden suite for the lr_decay drill: four schedules, scalar or array epochs."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import Ctx, PropertyFailed, Suite, describe, seeds

suite = Suite()

lr0s = st.sampled_from([0.1, 1e-4, 1e-2, 1.0, 0.3])
decay_rates = st.sampled_from([1.0, 0.5, 0.01, 2.0, 0.0])
bases = st.sampled_from([0.95, 0.5, 0.9, 0.99, 1.0])
ks = st.sampled_from([1.0, 0.5, 2.0])
drops = st.sampled_from([0.5, 0.1, 0.9])
scalar_epochs = st.integers(0, 200)


def _epochs(seed: int, n: int, low: int = 0, high: int = 200) -> np.ndarray:
    """A handful of early epochs (where off-by-one shows) and some random later ones."""
    rng = np.random.default_rng(seed)
    early = np.arange(low, low + 4)
    return np.concatenate([early, rng.integers(low, high, size=n)]).astype(np.int64)


def _judge(ctx: Ctx, fn: str, args: tuple, expected, mistakes: dict) -> None:
    """Call fn(*args) (epoch last) and compare; mistakes map names to lambdas of epoch."""
    epoch = args[-1]
    got = ctx.call(fn, *args)
    named = {name: (lambda make=make: make(epoch)) for name, make in mistakes.items()}
    named["result has the integer dtype of epoch"] = lambda: np.trunc(expected).astype(np.int64)
    kind = "array of epochs" if isinstance(epoch, np.ndarray) else "single epoch"
    if not isinstance(epoch, np.ndarray):
        ctx.expect(
            not isinstance(got, np.ndarray) or got.ndim == 0,
            f"{fn} was given a single int epoch and must return a single float, "
            f"got an array of shape {getattr(got, 'shape', '?')}",
            kind="wrong_shape",
        )
        # The contract's single float is a Python float or a numpy float64 scalar
        # (np.float64 is a subclass of float); a 0-d array is neither.
        zero_d = isinstance(got, np.ndarray)
        integer = isinstance(got, int | np.integer) and not isinstance(got, bool)
        ctx.expect(
            isinstance(got, float),
            f"{fn} was given a single int epoch and must return a single float (a Python "
            f"float or a numpy float64 scalar), got "
            + ("a 0-d numpy array" if zero_d else f"{type(got).__name__} {describe(got)}"),
            kind="wrong_shape",
            mistake=ctx.mistakes.get(
                "0-d array returned for a single epoch"
                if zero_d
                else "result has the integer dtype of epoch"
                if integer
                else ""
            ),
        )
    ctx.expect_close(f"{fn} ({kind})", got, expected, atol=1e-300, mistakes=named)


def _run(ctx: Ctx, fn: str, params: dict, epoch_scalar: int, epochs: np.ndarray, mistakes):
    ref = getattr(ctx.ref, fn)
    for epoch in (epoch_scalar, epochs):
        ctx.show(**params, epoch=epoch)
        args = (*params.values(), epoch)
        expected = ref(*params.values(), epoch.copy() if isinstance(epoch, np.ndarray) else epoch)
        _judge(ctx, fn, args, expected, mistakes)


# ----------------------------------------------------------------- properties


@suite.prop(
    "inverse_time_decay: lr0 / (1 + decay_rate * epoch)",
    max_examples=15,
    lr0=lr0s,
    decay_rate=decay_rates,
    epoch=scalar_epochs,
    seed=seeds,
    n=st.integers(1, 12),
)
def inverse_time(ctx: Ctx, lr0, decay_rate, epoch, seed, n):
    mistakes = {
        "decay multiplied instead of divided": lambda e: lr0 * (1 + decay_rate * e),
        "missing brackets around 1 + decay_rate * epoch": lambda e: lr0 / (1 + decay_rate) * e,
        "epoch shifted by one": lambda e: lr0 / (1 + decay_rate * (e + 1)),
    }
    params = {"lr0": lr0, "decay_rate": decay_rate}
    _run(ctx, "inverse_time_decay", params, epoch, _epochs(seed, n), mistakes)


@suite.prop(
    "exponential_decay: lr0 * base ** epoch",
    max_examples=15,
    lr0=lr0s,
    base=bases,
    epoch=scalar_epochs,
    seed=seeds,
    n=st.integers(1, 12),
)
def exponential(ctx: Ctx, lr0, base, epoch, seed, n):
    mistakes = {
        "exp(-base * epoch) instead of base ** epoch": lambda e: lr0 * np.exp(-base * e),
        "base and epoch swapped": lambda e: lr0 * np.asarray(e, dtype=float) ** base,
        "epoch shifted by one": lambda e: lr0 * base ** (e + 1),
    }
    params = {"lr0": lr0, "base": base}
    _run(ctx, "exponential_decay", params, epoch, _epochs(seed, n), mistakes)


@suite.prop(
    "sqrt_decay: lr0 * k / sqrt(epoch), epochs from 1",
    max_examples=15,
    lr0=lr0s,
    k=ks,
    epoch=st.integers(1, 1000),
    seed=seeds,
    n=st.integers(1, 12),
)
def inverse_sqrt(ctx: Ctx, lr0, k, epoch, seed, n):
    mistakes = {
        "square root missing": lambda e: lr0 * k / np.asarray(e, dtype=float),
        "epoch shifted by one": lambda e: lr0 * k / np.sqrt(e + 1),
    }
    params = {"lr0": lr0, "k": k}
    _run(ctx, "sqrt_decay", params, epoch, _epochs(seed, n, low=1, high=1000), mistakes)


@suite.prop(
    "step_decay: lr0 * drop ** floor(epoch / epochs_per_drop)",
    max_examples=20,
    lr0=lr0s,
    drop=drops,
    per=st.integers(1, 20),
    epoch=scalar_epochs,
    seed=seeds,
    n=st.integers(1, 12),
)
def step(ctx: Ctx, lr0, drop, per, epoch, seed, n):
    mistakes = {
        "ceil instead of floor": lambda e: lr0 * drop ** np.ceil(e / per),
        "no floor: a smooth exponential instead of steps": lambda e: lr0 * drop ** (e / per),
        "epoch shifted by one": lambda e: lr0 * drop ** np.floor((e + 1) / per),
    }
    # Around every drop: the epoch just before a multiple of per, the multiple, the one after.
    boundaries = np.array([m * per + j for m in range(1, 4) for j in (-1, 0, 1)], dtype=np.int64)
    epochs = np.concatenate([_epochs(seed, n), boundaries])
    params = {"lr0": lr0, "drop": drop, "epochs_per_drop": per}
    _run(ctx, "step_decay", params, epoch, epochs, mistakes)


@suite.prop(
    "arrays of any shape give float64 arrays of that shape",
    max_examples=8,
    shape=st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple),
    seed=seeds,
)
def array_shapes(ctx: Ctx, shape, seed):
    epochs = np.random.default_rng(seed).integers(1, 60, size=shape).astype(np.int64)
    calls = {
        "inverse_time_decay": (0.1, 0.5),
        "exponential_decay": (0.1, 0.95),
        "sqrt_decay": (0.1, 1.0),
        "step_decay": (0.1, 0.5, 7),
    }
    for fn, params in calls.items():
        ctx.show(params=params, epoch=epochs)
        expected = getattr(ctx.ref, fn)(*params, epochs.copy())
        _judge(ctx, fn, (*params, epochs), expected, {})


@suite.prop(
    "sqrt_decay raises ValueError for an epoch below 1",
    max_examples=6,
    epoch=st.sampled_from([0, -1, -5]),
    seed=seeds,
)
def sqrt_rejects(ctx: Ctx, epoch, seed):
    mistake = ctx.mistakes.get("sqrt_decay accepts epoch 0")
    why = "sqrt_decay counts epochs from 1; at 0 it would divide by zero"
    ctx.show(lr0=0.1, k=1.0, epoch=epoch)
    try:
        ctx.expect_raises("sqrt_decay", ValueError, 0.1, 1.0, epoch, why=why)
        epochs = _epochs(seed, 4, low=1, high=50)
        epochs[int(np.random.default_rng(seed).integers(epochs.size))] = epoch
        ctx.show(lr0=0.1, k=1.0, epoch=epochs)
        ctx.expect_raises("sqrt_decay", ValueError, 0.1, 1.0, epochs, why=why)
    except PropertyFailed as failed:
        # A silent inf (no error at all) is the named mistake; other failures speak for themselves.
        if failed.failure.kind == "wrong_answer":
            failed.failure.mistake = mistake
        raise
