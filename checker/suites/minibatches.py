"""Hidden suite for the minibatches drill: seeded shuffling and splitting of (X, Y).

The user chooses how to use the seed, so the suite checks properties rather than one
permutation. Every example is tagged: X[i] lies in [i, i + 1) elementwise and Y[i]
(or Y[i, 0]) is an integer or float that encodes i as well, so each batch row can be
traced back to its source row and X and Y can be checked for alignment.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st

from checker.report import Mistake
from checker.suitekit import Ctx, Suite, as_layout, describe, layouts, seeds
from checker.suites._layouts import note

suite = Suite()

trailing = st.lists(st.integers(1, 3), min_size=0, max_size=2).map(tuple)
label_width = st.sampled_from([0, 1, 3])  # 0: Y of shape (m,) with integer labels
LABEL_BASE = 1000  # integer labels are LABEL_BASE + row index


def _named(ctx: Ctx, name: str) -> Mistake:
    return ctx.mistakes.get(name, Mistake(name))


def _data(seed: int, m: int, feat: tuple[int, ...], k: int):
    rng = np.random.default_rng(seed)
    rows = np.arange(m, dtype=np.float64).reshape((m,) + (1,) * len(feat))
    X = rows + rng.uniform(0.05, 0.95, (m, *feat))
    if k == 0:
        Y = LABEL_BASE + np.arange(m)
    else:
        Y = np.arange(m, dtype=np.float64)[:, None] + np.linspace(0.1, 0.9, k)[None, :]
    return X, Y


def _x_ids(xb: np.ndarray) -> np.ndarray:
    flat = xb.reshape(xb.shape[0], -1) if xb.ndim > 1 else xb[:, None]
    return np.floor(flat[:, 0]).astype(int)


def _y_ids(yb: np.ndarray) -> np.ndarray:
    if yb.ndim == 1:
        return (yb - LABEL_BASE).astype(int)
    return np.floor(yb[:, 0]).astype(int)


def _batches(
    ctx: Ctx, X, Y, batch_size, seed, layout: str = "C"
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Call the user's function and check the structure of what comes back."""
    m = X.shape[0]
    shown = {} if layout == "C" else {"layout": note(X)}
    ctx.show(X=X, Y=Y, batch_size=batch_size, seed=seed, **shown)
    result = ctx.call("make_minibatches", X, Y, batch_size, seed)
    ctx.expect(
        isinstance(result, list | tuple),
        f"make_minibatches must return a list of (X_batch, Y_batch) pairs, got {describe(result)}",
        kind="wrong_shape",
    )
    sizes = [batch_size] * (m // batch_size) + ([m % batch_size] if m % batch_size else [])
    got_sizes = []
    for t, pair in enumerate(result):
        ctx.expect(
            isinstance(pair, tuple | list) and len(pair) == 2,
            f"batch #{t} should be a pair (X_batch, Y_batch), got {describe(pair)}",
            kind="wrong_shape",
        )
        xb, yb = pair
        ctx.expect(
            isinstance(xb, np.ndarray) and isinstance(yb, np.ndarray),
            f"batch #{t} should hold two numpy arrays, got {describe(pair)}",
            kind="wrong_shape",
        )
        got_sizes.append(xb.shape[0] if xb.ndim else -1)
    if got_sizes != sizes:
        mistake = None
        if m % batch_size and got_sizes == sizes[:-1]:
            mistake = "last partial batch dropped"
        elif got_sizes[:-1] == sizes and got_sizes[-1:] == [0]:
            mistake = "an empty last batch"
        elif result and result[0][0].ndim >= 2 and result[0][0].shape[-1] == sizes[0]:
            mistake = "batches along the wrong axis"
        raise ctx.fail(
            "wrong_shape",
            f"with m = {m} and batch_size = {batch_size} the batch sizes (rows along axis "
            f"0 of X) should be {_brief(sizes)}, got {_brief(got_sizes)}",
            mistake=_named(ctx, mistake) if mistake else None,
        )
    for t, (xb, yb) in enumerate(result):
        for name, got, full in (("X", xb, X), ("Y", yb, Y)):
            want = (sizes[t],) + full.shape[1:]
            if got.shape != want or got.dtype != full.dtype:
                wrong_axis = got.shape == tuple(reversed(want)) and got.ndim >= 2
                raise ctx.fail(
                    "wrong_shape",
                    f"{name} of batch #{t} should have shape {want} and dtype {full.dtype} "
                    f"like {name}, got shape {got.shape} and dtype {got.dtype}",
                    mistake=_named(ctx, "batches along the wrong axis") if wrong_axis else None,
                )
    return [(np.asarray(xb), np.asarray(yb)) for xb, yb in result]


def _brief(sizes: list[int]) -> str:
    if len(sizes) <= 8:
        return str([int(s) for s in sizes])
    return f"[{', '.join(map(str, sizes[:3]))}, ..., {', '.join(map(str, sizes[-2:]))}]"


def _order(batches) -> np.ndarray:
    return np.concatenate([_x_ids(xb) for xb, _ in batches]) if batches else np.zeros(0, int)


@suite.prop(
    "ceil(m / batch_size) batches along axis 0, all full except a partial last one",
    max_examples=18,
    m=st.integers(1, 40),
    batch_size=st.integers(1, 16),
    feat=trailing,
    k=label_width,
    seed=seeds,
)
def batch_sizes(ctx: Ctx, m, batch_size, feat, k, seed):
    X, Y = _data(seed, m, feat, k)
    batches = _batches(ctx, X, Y, batch_size, seed)
    ctx.expect(
        len(batches) == math.ceil(m / batch_size),
        f"expected {math.ceil(m / batch_size)} batches, got {len(batches)}",
    )


@suite.prop(
    "every example appears exactly once, with its own label",
    max_examples=18,
    m=st.integers(1, 40),
    batch_size=st.integers(1, 16),
    feat=trailing,
    k=label_width,
    seed=seeds,
    layout=layouts,
)
def each_once_aligned(ctx: Ctx, m, batch_size, feat, k, seed, layout):
    X, Y = _data(seed, m, feat, k)
    X, Y = as_layout(X, layout), as_layout(Y, layout)
    batches = _batches(ctx, X, Y, batch_size, seed, layout)
    ids = _order(batches)
    counts = np.bincount(np.clip(ids, 0, m), minlength=m + 1)[:m]
    if not np.array_equal(np.sort(ids), np.arange(m)):
        missing = np.flatnonzero(counts == 0)
        repeated = np.flatnonzero(counts > 1)
        raise ctx.fail(
            "wrong_answer",
            f"the batches should hold every row of X exactly once; rows {_brief(list(missing))}"
            f" are missing and rows {_brief(list(repeated))} appear more than once",
            mistake=_named(ctx, "sampling with replacement") if len(repeated) else None,
        )
    for t, (xb, yb) in enumerate(batches):
        ctx.expect(
            np.array_equal(xb, X[_x_ids(xb)]),
            f"the rows of X in batch #{t} are not copies of rows of X (values changed?)",
        )
        x_ids, y_ids = _x_ids(xb), _y_ids(yb)
        if not np.array_equal(x_ids, y_ids) or not np.array_equal(yb, Y[y_ids]):
            j = int(np.argmax(x_ids != y_ids)) if np.any(x_ids != y_ids) else 0
            raise ctx.fail(
                "wrong_answer",
                f"in batch #{t}, row {j} of X_batch is example {x_ids[j]} of X but row {j} of "
                f"Y_batch is the label of example {y_ids[j]}: X and Y must be shuffled with "
                "the same permutation",
                mistake=_named(ctx, "X and Y shuffled with different permutations"),
            )


@suite.prop(
    "the examples are shuffled (m >= 20)",
    max_examples=8,
    m=st.integers(20, 60),
    batch_size=st.integers(1, 16),
    seed=seeds,
)
def shuffled(ctx: Ctx, m, batch_size, seed):
    X, Y = _data(seed, m, (2,), 0)
    order = _order(_batches(ctx, X, Y, batch_size, seed))
    ctx.expect(
        not np.array_equal(order, np.arange(m)),
        f"the batches hold the {m} examples in their original order; shuffle them first "
        "with a permutation drawn from the seed",
        mistake=_named(ctx, "no shuffle"),
    )


@suite.prop(
    "same seed gives the same batches, another seed another order",
    max_examples=8,
    m=st.integers(20, 60),
    batch_size=st.integers(1, 16),
    k=label_width,
    seed=st.integers(0, 2**31),
)
def reproducible(ctx: Ctx, m, batch_size, k, seed):
    X, Y = _data(seed, m, (2,), k)
    first = _batches(ctx, X, Y, batch_size, seed)
    again = _batches(ctx, X, Y, batch_size, seed)
    same = all(
        np.array_equal(a, c) and np.array_equal(b, d)
        for (a, b), (c, d) in zip(first, again, strict=True)
    )
    ctx.expect(
        same,
        f"two calls with seed {seed} gave different batches; shuffle with "
        "np.random.default_rng(seed), not np.random's global state",
        mistake=_named(ctx, "unseeded shuffle"),
    )
    other = _batches(ctx, X, Y, batch_size, seed + 1)
    ctx.expect(
        not np.array_equal(_order(first), _order(other)),
        f"seeds {seed} and {seed + 1} gave the same order of examples; the permutation "
        "must come from the seed argument",
        mistake=_named(ctx, "seed ignored"),
    )


@suite.prop(
    "the permutation is drawn from np.random.default_rng(seed), not numpy's global generator",
    max_examples=3,
    m=st.integers(20, 60),
    batch_size=st.integers(1, 16),
    seed=seeds,
)
def from_default_rng(ctx: Ctx, m, batch_size, seed):
    # The global generator (np.random.seed(seed); np.random.permutation(m), or its
    # shuffle or choice) is reproducible too, so only its exact order tells it apart:
    # a different generator (MT19937, not PCG64), which the call also reseeds. How
    # the default_rng(seed) generator is used is the user's choice, so nothing else
    # is required of the order.
    X, Y = _data(seed, m, (2,), 0)
    order = _order(_batches(ctx, X, Y, batch_size, seed))
    ctx.expect(
        not np.array_equal(order, np.random.RandomState(seed).permutation(m)),
        f"the examples come out in the order {_brief(list(order))}: the permutation of "
        "numpy's global generator after np.random.seed(seed), a different generator, which "
        "the call also reseeds (the caller's random state changes); draw from "
        "rng = np.random.default_rng(seed)",
        mistake=_named(ctx, "global np.random instead of default_rng(seed)"),
    )


# Many examples, few features: a loop over examples shows, and the data is cheap
# to build and to send to the worker.
@suite.speed("make_minibatches", size="m=100000, X of shape (m, 8), batch_size=64")
def _speed(impl, rng: np.random.Generator):
    X = rng.random((100_000, 8))
    Y = rng.integers(0, 10, 100_000)
    return lambda: impl.make_minibatches(X, Y, 64, 0)
