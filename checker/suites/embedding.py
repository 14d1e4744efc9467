"""Hidden suite for the embedding drill (CS231n's word_embedding_forward/backward).

Ids are drawn from a small pool of words, so most of them repeat: within one
sequence, within one time step and across the batch. That is where the buffered
`dW[x] += dout` loses gradients, and where every comparison of dW is made.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import SCALES, Ctx, Suite, as_layout, layouts, seeds
from checker.suites._layouts import note
from checker.suites._own_cache import TITLE, check_own_cache, show_calls

suite = Suite()

# (N, T, V, D); a pool of 1 to 4 words for the ids (capped at V).
shapes = st.tuples(st.integers(1, 5), st.integers(1, 6), st.integers(1, 8), st.integers(1, 5))
# The backward comparison wants repeats to show: at least 3 positions, and a
# vocabulary of at least 3 words so that some (the last one always) can be absent.
backward_shapes = st.tuples(
    st.integers(1, 5), st.integers(3, 6), st.integers(3, 8), st.integers(1, 5)
)
pools = st.integers(1, 4)
# Unit scale first: a failing example shrinks towards readable numbers.
scales = st.sampled_from(sorted(SCALES, key=lambda s: abs(np.log10(s))))

REPEATS = "repeated ids keep only one write"
ABSENT = "dW not started from zeros"


def _ids(rng: np.random.Generator, n: int, t: int, words: int, pool: int) -> np.ndarray:
    """(N, T) int64 ids drawn from `pool` distinct words of range(words): many repeats."""
    chosen = rng.choice(words, size=min(words, pool), replace=False)
    return rng.choice(chosen, size=(n, t)).astype(np.int64)


def _case(seed: int, n: int, t: int, v: int, d: int, pool: int, scale: float, words=None):
    """x drawn from the first `words` ids (default all V), W (V, D), dout (N, T, D)."""
    rng = np.random.default_rng(seed)
    x = _ids(rng, n, t, v if words is None else words, pool)
    w = rng.standard_normal((v, d)) * scale
    dout = rng.standard_normal((n, t, d)) * scale
    return x, w, dout


def _add_at(shape: tuple[int, int], x: np.ndarray, dout: np.ndarray, dtype=np.float64):
    dw = np.zeros(shape, dtype=dtype)
    np.add.at(dw, x, dout)
    return dw


# ----------------------------------------------------------------- models of known mistakes


def _forward_mistakes(x, w):
    return {"out not reshaped to (N, T, D)": lambda: w[x.ravel()]}


def _backward_mistakes(x, v, dout, got=None):
    n, t, d = dout.shape

    def one_write():
        dw = np.zeros((v, d))
        dw[x] += dout  # buffered: the last of the repeated writes wins
        return dw

    def one_write_per_step():
        dw = np.zeros((v, d))
        for k in range(t):
            dw[x[:, k]] += dout[:, k]
        return dw

    def absent_rows():
        # Leftover memory (np.empty) or the weights (W.copy()) as the starting value
        # cannot all be modelled: named when a row of a word that does not occur is not
        # zero and nothing above matched.
        g = np.asarray(got, dtype=np.float64)
        absent = np.setdiff1d(np.arange(v), x)
        if g.shape != (v, d) or absent.size == 0 or not np.any(g[absent] != 0):
            return np.full((v, d), np.nan)
        return g

    mistakes = {
        REPEATS: one_write,
        f"{REPEATS}#2": one_write_per_step,
        "dW returned per position (N, T, D)": lambda: dout,
        "vocabulary size read off x": lambda: _add_at((int(x.max()) + 1, d), x, dout),
        "dW is an integer array": lambda: _add_at((v, d), x, dout, dtype=x.dtype),
        "dW averaged over the batch": lambda: _add_at((v, d), x, dout) / n,
        "dW averaged over the batch#2": lambda: _add_at((v, d), x, dout) / (n * t),
    }
    if got is not None:
        mistakes[ABSENT] = absent_rows
    return mistakes


def _dw_atol(dout: np.ndarray) -> float:
    # A row of dW adds up to N * T rows of dout; a right answer that adds them in
    # another order (a loop, a one-hot product) differs by rounding on that scale.
    return 1e-12 * float(np.max(np.abs(dout))) * dout.shape[0] * dout.shape[1]


def _expect_dw(ctx: Ctx, output: str, got, x, v, dout, expected=None, **kw) -> None:
    expected = _add_at((v, dout.shape[-1]), x, dout) if expected is None else expected
    ctx.expect_close(
        output,
        got,
        expected,
        atol=_dw_atol(dout),
        mistakes=_backward_mistakes(x, v, dout, got=got),
        **kw,
    )


# ----------------------------------------------------------------- forward


@suite.prop(
    "forward: out[n, t] = W[x[n, t]]",
    max_examples=30,
    shape=shapes,
    pool=pools,
    seed=seeds,
    scale=scales,
    layout=layouts,
)
def forward_matches(ctx: Ctx, shape, pool, seed, scale, layout):
    x, w, _ = _case(seed, *shape, pool, scale)
    ctx.show(x=x, W=w, layout=note(layout))
    out, _ = ctx.call(
        "word_embedding_forward", as_layout(x, layout), as_layout(w, layout), unpack=2
    )
    expected, _ = ctx.ref.word_embedding_forward(x, w)
    ctx.expect_close("out", out, expected, mistakes=_forward_mistakes(x, w))


# ----------------------------------------------------------------- backward


@suite.prop(
    "backward: dW[v] sums dout over every position of word v (ids repeat)",
    max_examples=40,
    shape=backward_shapes,
    pool=st.integers(2, 4),
    seed=seeds,
    scale=scales,
    layout=layouts,
)
def backward_matches(ctx: Ctx, shape, pool, seed, scale, layout):
    # Ids from all but the last word: it never occurs, as the rarest words of a
    # vocabulary miss most batches.
    x, w, dout = _case(seed, *shape, pool, scale, words=shape[2] - 1)
    ctx.show(x=x, W=w, dout=dout, layout=note(layout))
    _, cache = ctx.call(
        "word_embedding_forward", as_layout(x, layout), as_layout(w, layout), unpack=2
    )
    dw = ctx.call("word_embedding_backward", as_layout(dout, layout), cache)
    _, ref_cache = ctx.ref.word_embedding_forward(x, w)
    expected = ctx.ref.word_embedding_backward(dout, ref_cache)
    _expect_dw(ctx, "dW", dw, x, w.shape[0], dout, expected)


@suite.prop(
    "gradient check: backward is the derivative of your forward",
    max_examples=10,
    shape=st.tuples(st.integers(1, 3), st.integers(2, 4), st.integers(2, 5), st.integers(1, 3)),
    pool=st.integers(1, 3),
    seed=seeds,
)
def gradient_check(ctx: Ctx, shape, pool, seed):
    x, w, dout = _case(seed, *shape, pool, 1.0)
    ctx.show(x=x, W=w, dout=dout)
    _, cache = ctx.call("word_embedding_forward", x, w, unpack=2)
    dw = ctx.call("word_embedding_backward", dout, cache)

    def loss(wv):
        out, _ = ctx.call("word_embedding_forward", x, wv, unpack=2)
        return float(np.sum(np.asarray(out) * dout))

    ctx.grad_check("dW", loss, w, dw, mistakes=_backward_mistakes(x, w.shape[0], dout, got=dw))


@suite.prop(
    TITLE,
    max_examples=6,
    first=backward_shapes,
    second=backward_shapes,
    other_shape=st.booleans(),
    seed=seeds,
)
def own_cache(ctx: Ctx, first, second, other_shape, seed):
    shapes_ = (first, second if other_shape else first)
    cases = [_case(seed + 5 * k, *shapes_[k], 3, 1.0) for k in range(2)]
    show_calls(ctx, [{"x": x, "W": w, "dout": dout} for x, w, dout in cases])
    calls = [((x, w), dout) for x, w, dout in cases]
    check_own_cache(
        ctx,
        "word_embedding_forward",
        "word_embedding_backward",
        calls,
        ("dW",),
        atols=lambda k: (_dw_atol(cases[k][2]),),
    )


# ----------------------------------------------------------------- invariants


@suite.prop(
    "the rows of dW add up to dout summed over every position",
    max_examples=10,
    shape=backward_shapes,
    pool=st.integers(1, 3),
    seed=seeds,
)
def total_gradient(ctx: Ctx, shape, pool, seed):
    x, w, dout = _case(seed, *shape, pool, 1.0)
    ctx.show(x=x, W=w, dout=dout)
    _, cache = ctx.call("word_embedding_forward", x, w, unpack=2)
    dw = ctx.call("word_embedding_backward", dout, cache)
    ctx.expect_array("dW", dw, w)
    mistakes = _backward_mistakes(x, w.shape[0], dout, got=dw)
    ctx.expect_close(
        "dW.sum(axis=0)",
        np.asarray(dw).sum(axis=0),
        dout.sum(axis=(0, 1)),
        atol=_dw_atol(dout),
        what="is not dout.sum(axis=(0, 1)): some positions' gradients were lost or counted twice",
        mistakes={name: (lambda m=m: m().sum(axis=0)) for name, m in mistakes.items()},
    )


# ----------------------------------------------------------------- speed


@suite.speed("word_embedding_backward", size="N=128, T=20, V=2000, D=256")
def _speed(impl, rng: np.random.Generator):
    x = rng.integers(0, 2000, size=(128, 20))
    w = rng.standard_normal((2000, 256))
    dout = rng.standard_normal((128, 20, 256))
    _, cache = impl.word_embedding_forward(x, w)
    return lambda: impl.word_embedding_backward(dout, cache)
