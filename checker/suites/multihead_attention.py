"""Hidden suite for the multihead_attention drill: multi-head self-attention of a
batch, x (B, T, D) @ W with four square weights and no biases, h heads of
d_k = D // h (split = reshape(B, T, h, d_k) then transpose(0, 2, 1, 3)), scale
1/sqrt(d_k), an optional causal mask (query t sees keys 0..t), forward and
backward to x and every weight.

Every known mistake is modelled by `_parts` (the forward with one slip) or
`_grads` (the backward with one slip), so that a wrong output is named whatever
else the user wrote. All the weights are square, so most of these slips (a
transposed weight, a reshape without transpose) run without a shape error: the
values are the only witness.
"""

from __future__ import annotations

import functools

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import Ctx, Suite, as_layout, layouts, seeds
from checker.suites._layouts import note
from checker.suites._own_cache import TITLE, check_own_cache, show_calls

suite = Suite()

# (h, d_k, B, T), the number of heads first: a failing example shrinks to one head
# where the heads do not matter (then the slip is elsewhere), or to two heads of
# width 1 over two tokens, the smallest input that shows a split or merge slip.
dims = st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 3), st.integers(1, 5))
# From two tokens where causal=True, and where a later token must exist (causality)
# or be moved (permutation): with one token, a causal mask without its diagonal and
# one read the wrong way round both leave it nothing to attend to, and a failure
# there could not say which of the two it is.
causal_dims = st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 3), st.integers(2, 5))
two_token_dims = st.tuples(
    st.integers(1, 4), st.integers(1, 4), st.integers(1, 2), st.integers(2, 5)
)
# The gradient check differentiates every entry of x and of the four weights.
small_dims = st.tuples(st.integers(1, 2), st.integers(1, 2), st.integers(1, 2), st.integers(2, 3))
# The scale of x: scores grow with its square, from about 1e-6 to about 1e4 (where
# exp overflows unless each row's max is subtracted). Unit scale first, so that a
# failing example shrinks to ordinary numbers.
SCALES = (1.0, 1e-2, 10.0, 1e-3, 1e2)
scales = st.sampled_from(SCALES)
booleans = st.booleans()

WEIGHTS = ("Wq", "Wk", "Wv", "Wo")
GRADS = ("dx", "dWq", "dWk", "dWv", "dWo")
# dWo first: it needs only the forward's merged heads; dx last: it sums every path.
ORDER = (4, 3, 1, 2, 0)


# ----------------------------------------------------------------- inputs


def _case(seed: int, h: int, dk: int, b: int, t: int, scale: float = 1.0):
    """x, the four weights (each entry of x @ W about as large as x's) and dout."""
    rng = np.random.default_rng(seed)
    d = h * dk
    x = rng.standard_normal((b, t, d)) * scale
    weights = tuple(rng.standard_normal((d, d)) / np.sqrt(d) for _ in WEIGHTS)
    dout = rng.standard_normal((b, t, d))
    return x, weights, dout


def _show(ctx: Ctx, x, weights, h, causal, layout=None, **more) -> None:
    shown = {"x": x, **dict(zip(WEIGHTS, weights, strict=True)), "h": h, "causal": causal}
    if layout is not None:
        shown["layout"] = note(layout)
    ctx.show(**shown, **more)


# ----------------------------------------------------------------- models of known mistakes


def _split(z: np.ndarray, h: int, how: str = "right") -> np.ndarray:
    b, t, d = z.shape
    if how == "reshape":
        return z.reshape(b, h, t, d // h)
    return z.reshape(b, t, h, d // h).transpose(0, 2, 1, 3)


def _merge(a: np.ndarray, how: str = "right") -> np.ndarray:
    b, h, t, dk = a.shape
    if how == "reshape":
        return a.reshape(b, t, h * dk)
    return a.transpose(0, 2, 1, 3).reshape(b, t, h * dk)


def _softmax(s: np.ndarray, axis: int = -1, shift: bool = True, guard: bool = False):
    """exp(s - row max) / sum along `axis` (no shift: exp(s) / sum). A row of only
    -inf gives NaN, or 0 with `guard` (a non-finite max and a zero sum replaced)."""
    m = s.max(axis=axis, keepdims=True) if shift else 0.0
    if guard:
        m = np.where(np.isfinite(m), m, 0.0)
    e = np.exp(s - m)
    total = e.sum(axis=axis, keepdims=True)
    return e / np.where(total > 0, total, 1.0) if guard else e / total


def _allowed(t: int, variant: str) -> np.ndarray:
    """The keys each query may attend to under a causal mask, or under a slip."""
    ones = np.ones((t, t), dtype=bool)
    if variant.startswith("no diagonal"):
        return np.tril(ones, -1)
    if variant == "future":
        return np.triu(ones)
    if variant.startswith("future only"):
        return np.triu(ones, 1)
    return np.tril(ones)


def _heads(x, W, h: int, variant: str, which: str) -> np.ndarray:
    """x @ W split into heads, (B, h, T, d_k), or what one slip makes of it."""
    b, t, d = x.shape
    if variant in ("weights transposed", "qkv transposed"):
        W = W.T
    if variant == "same slice" or (variant == "same slice q" and which == "q"):
        return np.broadcast_to((x @ W[:, : d // h])[:, None], (b, h, t, d // h))
    return _split(x @ W, h, "reshape" if variant.startswith("split reshape") else "right")


def _weights(q, k, causal: bool, variant: str) -> np.ndarray:
    """The attention weights (B, h, T, T) of split q and k, or of one slip."""
    dk = q.shape[-1]
    scale = 1.0 / np.sqrt(dk * q.shape[1] if variant == "model width" else dk)
    s = q @ np.swapaxes(k, -1, -2) * scale
    if causal:
        allowed = _allowed(s.shape[-1], variant)
        if variant == "after softmax":
            return _softmax(s) * allowed
        s = np.where(allowed, s, -1e9 if variant.endswith(" 1e9") else -np.inf)
    if variant == "query axis":
        return _softmax(s, axis=-2)
    if variant == "no max":
        return _softmax(s, shift=False)
    return _softmax(s, guard=variant.endswith(" guarded"))


def _parts(x, weights, h: int, causal: bool, variant: str = "right"):
    """q, k, v (split), w, a = w v, the merged heads and out, under `variant`."""
    Wq, Wk, Wv, Wo = weights
    q, k, v = (_heads(x, W, h, variant, n) for W, n in zip(weights[:3], "qkv", strict=True))
    w = _weights(q, k, causal, variant)
    a = w @ v
    merged = _merge(a, "reshape" if variant in ("split reshape", "merge reshape") else "right")
    out = merged @ (Wo.T if variant in ("weights transposed", "wo transposed") else Wo)
    return q, k, v, w, a, merged, out


SPLIT = "heads split by reshape without transpose"
MERGE = "heads merged without transposing back"
CAUSAL_NO_DIAGONAL = "causal mask without the diagonal"
CAUSAL_FUTURE = "causal mask attends to the future"


def _forward_mistakes(x, weights, h: int, causal: bool) -> dict:
    """Models of the forward's known slips, in the order they are tried (the first
    that matches names the mistake)."""

    def model(variant):
        return lambda: _parts(x, weights, h, causal, variant)[-1]

    # "no max" first: it differs from the right output only where exp overflows,
    # and there it is NaN where the right output is not.
    mistakes = {"no max subtraction": model("no max")}
    if causal:
        mistakes |= {
            CAUSAL_NO_DIAGONAL: model("no diagonal"),
            f"{CAUSAL_NO_DIAGONAL}#2": model("no diagonal guarded"),
            f"{CAUSAL_NO_DIAGONAL}#3": model("no diagonal 1e9"),
            CAUSAL_FUTURE: model("future"),
            f"{CAUSAL_FUTURE}#2": model("future only"),
            f"{CAUSAL_FUTURE}#3": model("future only guarded"),
            f"{CAUSAL_FUTURE}#4": model("future only 1e9"),
            "mask applied after the softmax": model("after softmax"),
        }
    return mistakes | {
        SPLIT: model("split reshape"),
        f"{SPLIT}#2": model("split reshape, merge right"),
        MERGE: model("merge reshape"),
        "scaled by the model width instead of the head width": model("model width"),
        "projection weights transposed": model("weights transposed"),
        "projection weights transposed#2": model("qkv transposed"),
        "projection weights transposed#3": model("wo transposed"),
        "every head uses the same slice of the weights": model("same slice"),
        "every head uses the same slice of the weights#2": model("same slice q"),
        "softmax over the query axis": model("query axis"),
    }


def _grads(x, weights, h: int, causal: bool, dout, variant: str = "right"):
    """(dx, dWq, dWk, dWv, dWo) of the right backward, or of one slip in it."""
    Wq, Wk, Wv, Wo = weights
    q, k, v, w, a, merged, _ = _parts(x, weights, h, causal)
    scale = 1.0 / np.sqrt(q.shape[-1])
    split = "reshape" if variant == "split reshape" else "right"
    merge = "reshape" if variant in ("split reshape", "merge reshape") else "right"
    if variant == "dWo unmerged":
        merged = _merge(a, "reshape")
    dWo = np.einsum("btd,bte->de", merged, dout)
    da = _split(dout @ Wo.T, h, split)
    dv = np.swapaxes(w, -1, -2) @ da
    dw = da @ np.swapaxes(v, -1, -2)
    if variant == "elementwise":
        ds = w * (1.0 - w) * dw
    elif variant == "no row sum":
        ds = w * dw
    else:
        ds = w * (dw - (dw * w).sum(axis=-1, keepdims=True))
    dq = ds @ k * (1.0 if variant == "dq unscaled" else scale)
    dk = np.swapaxes(ds, -1, -2) @ q * (1.0 if variant == "dk unscaled" else scale)
    dQ, dK, dV = (_merge(g, merge) for g in (dq, dk, dv))
    dWq, dWk, dWv = (np.einsum("btd,bte->de", x, g) for g in (dQ, dK, dV))
    paths = {"q": dQ @ Wq.T, "k": dK @ Wk.T, "v": dV @ Wv.T}
    kept = variant.removeprefix("dx only ") if variant.startswith("dx only ") else "qkv"
    if variant.startswith("dx without "):
        kept = "qkv".replace(variant.removeprefix("dx without "), "")
    dx = sum(paths[p] for p in kept)
    grads = [dx, dWq, dWk, dWv, dWo]
    if variant == "transposed":
        grads[1:] = [g.T for g in grads[1:]]
    return tuple(grads)


def _backward_mistakes(x, weights, h: int, causal: bool, dout) -> list[dict]:
    """One dict of models per output of mha_backward, in its order."""
    dx_paths = "dx not summed over the Q, K and V paths"
    variants = {
        "softmax backward element-wise (no row-sum term)": "elementwise",
        "softmax backward element-wise (no row-sum term)#2": "no row sum",
        "1/sqrt(d) missing from dq or dk": "dq unscaled",
        "1/sqrt(d) missing from dq or dk#2": "dk unscaled",
        SPLIT: "split reshape",
        MERGE: "merge reshape",
        "dWo from heads not merged back": "dWo unmerged",
        "weight gradient transposed": "transposed",
        **{f"{dx_paths}#{p}": f"dx only {p}" for p in "qkv"},
        **{f"{dx_paths}#no {p}": f"dx without {p}" for p in "qkv"},
    }
    models = {
        name: functools.cache(lambda variant=variant: _grads(x, weights, h, causal, dout, variant))
        for name, variant in variants.items()
    }
    return [{name: (lambda m=m, i=i: m()[i]) for name, m in models.items()} for i in range(5)]


# ----------------------------------------------------------------- tolerances


def _biggest(*arrays) -> float:
    return max(float(np.max(np.abs(a))) for a in arrays)


def _bounds(x, weights, h: int, dout=None):
    """Bounds of |out| and, with dout, of |dx|, |dWq|, |dWk|, |dWv|, |dWo| from the
    inputs' largest entries: the natural scale of each output, on which entries that
    cancel to almost zero (and saturated rows, whose gradients are rounding) are
    judged."""
    b, t, d = x.shape
    dk = d // h
    X = _biggest(x)
    Wq, Wk, Wv, Wo = (_biggest(W) for W in weights)
    q, k, v = X * d * Wq, X * d * Wk, X * d * Wv  # bounds of |Q|, |K|, |V|
    out = v * d * Wo
    if dout is None:
        return out
    g = _biggest(dout)
    da = g * d * Wo
    ds = 2.0 * da * v * dk  # |ds| <= 2 |dw| since the weights are in [0, 1]
    dq, dkk, dv = ds * t * k / np.sqrt(dk), ds * t * q / np.sqrt(dk), da * t
    n = b * t
    return (d * (dq * Wq + dkk * Wk + dv * Wv), X * n * dq, X * n * dkk, X * n * dv, v * n * g)


def _out_atol(x, weights, h) -> float:
    return 1e-12 * _bounds(x, weights, h)


def _grad_atols(x, weights, h, dout) -> tuple[float, ...]:
    return tuple(1e-10 * bound for bound in _bounds(x, weights, h, dout))


# ----------------------------------------------------------------- judging helpers


def _forward(ctx: Ctx, x, weights, h, causal, layout: str = "C", default: bool = False):
    """The user's forward; with `default`, causal is left out so that its default is
    what is judged."""
    args = [as_layout(x, layout), *(as_layout(W, layout) for W in weights), h]
    return ctx.call("mha_forward", *args, *(() if default else (causal,)), unpack=2)


def _expect_out(ctx: Ctx, out, x, weights, h, causal, name: str = "out") -> None:
    expected, _ = ctx.ref.mha_forward(x, *weights, h, causal)
    ctx.expect_close(
        name,
        out,
        expected,
        atol=_out_atol(x, weights, h),
        mistakes=_forward_mistakes(x, weights, h, causal),
    )


def _expect_grads(ctx: Ctx, got, x, weights, h, causal, dout) -> None:
    _, ref_cache = ctx.ref.mha_forward(x, *weights, h, causal)
    expected = ctx.ref.mha_backward(dout, ref_cache)
    atols = _grad_atols(x, weights, h, dout)
    mistakes = _backward_mistakes(x, weights, h, causal, dout)
    for i in ORDER:
        ctx.expect_close(GRADS[i], got[i], expected[i], atol=atols[i], mistakes=mistakes[i])


# ----------------------------------------------------------------- forward


@suite.prop(
    "h = 1: single-head attention, softmax(Q K^T / sqrt(D)) V Wo",
    max_examples=8,
    d=st.integers(1, 6),
    b=st.integers(1, 3),
    t=st.integers(1, 5),
    seed=seeds,
    scale=scales,
    causal=booleans,
)
def single_head(ctx: Ctx, d, b, t, seed, scale, causal):
    t = max(t, 2) if causal else t  # see causal_dims
    x, weights, _ = _case(seed, 1, d, b, t, scale)
    _show(ctx, x, weights, 1, causal)
    out, _ = _forward(ctx, x, weights, 1, causal)
    _expect_out(ctx, out, x, weights, 1, causal)


@suite.prop(
    "forward: heads split, softmax(q k^T / sqrt(d_k)) v per head, merged, times Wo",
    max_examples=15,
    dims=dims,
    seed=seeds,
    scale=scales,
    layout=layouts,
)
def forward_matches(ctx: Ctx, dims, seed, scale, layout):
    h = dims[0]
    x, weights, _ = _case(seed, *dims, scale)
    _show(ctx, x, weights, h, "not passed (the default, False)", layout)
    out, _ = _forward(ctx, x, weights, h, False, layout, default=True)
    _expect_out(ctx, out, x, weights, h, False)


@suite.prop(
    "forward with causal=True: position t attends to positions 0..t, itself included",
    max_examples=12,
    dims=causal_dims,
    seed=seeds,
    scale=scales,
    layout=layouts,
)
def causal_forward(ctx: Ctx, dims, seed, scale, layout):
    h = dims[0]
    x, weights, _ = _case(seed, *dims, scale)
    _show(ctx, x, weights, h, True, layout)
    out, _ = _forward(ctx, x, weights, h, True, layout)
    _expect_out(ctx, out, x, weights, h, True)


@suite.prop(
    "causal: changing the tokens after position t leaves the outputs at 0..t unchanged",
    max_examples=5,
    dims=two_token_dims,
    seed=seeds,
)
def causal_ignores_the_future(ctx: Ctx, dims, seed):
    h, _, _, t = dims
    x, weights, _ = _case(seed, *dims)
    cut = seed % (t - 1)  # the last position kept; positions after it change
    later = x.copy()
    later[:, cut + 1 :] = np.random.default_rng(seed + 1).standard_normal(later[:, cut + 1 :].shape)
    _show(ctx, x, weights, h, True, **{"x with positions after t changed": later, "t": cut})
    out, _ = _forward(ctx, x, weights, h, True)
    out_later, _ = _forward(ctx, later, weights, h, True)
    mistakes = _forward_mistakes(later, weights, h, True)
    keep = slice(None, cut + 1)
    ctx.expect_close(
        f"out[:, :{cut + 1}] for the changed x",
        np.asarray(out_later)[:, keep],
        np.asarray(out)[:, keep],
        atol=_out_atol(x, weights, h),
        what="differs from your output for the original x (a later token leaked in)",
        mistakes={name: (lambda m=m: m()[:, keep]) for name, m in mistakes.items()},
    )


@suite.prop(
    "without causal: permuting the tokens permutes the outputs the same way",
    max_examples=5,
    dims=two_token_dims,
    seed=seeds,
)
def permutation_equivariant(ctx: Ctx, dims, seed):
    h, _, _, t = dims
    x, weights, _ = _case(seed, *dims)
    perm = np.random.default_rng(seed + 2).permutation(t)
    if np.array_equal(perm, np.arange(t)):
        perm = perm[::-1].copy()
    shuffled = x[:, perm]
    _show(ctx, x, weights, h, False, **{"permutation of the tokens": perm})
    out, _ = _forward(ctx, x, weights, h, False)
    out_shuffled, _ = _forward(ctx, shuffled, weights, h, False)
    mistakes = _forward_mistakes(shuffled, weights, h, False)
    ctx.expect_close(
        "out for x[:, perm]",
        out_shuffled,
        np.asarray(out)[:, perm],
        atol=_out_atol(x, weights, h),
        what="is not your output for x, permuted the same way (out[:, perm])",
        mistakes=mistakes,
    )


# ----------------------------------------------------------------- backward


@suite.prop(
    "backward: dx, dWq, dWk, dWv, dWo match the exact gradients",
    max_examples=15,
    dims=dims,
    seed=seeds,
    scale=scales,
    causal=booleans,
    layout=layouts,
)
def backward_matches(ctx: Ctx, dims, seed, scale, causal, layout):
    h = dims[0]
    x, weights, dout = _case(seed, *dims, scale)
    _show(ctx, x, weights, h, causal, layout, dout=dout)
    _, cache = _forward(ctx, x, weights, h, causal, layout)
    got = ctx.call("mha_backward", as_layout(dout, layout), cache, unpack=5)
    _expect_grads(ctx, got, x, weights, h, causal, dout)


@suite.prop(
    "gradient check: backward is the derivative of your forward",
    max_examples=4,
    dims=small_dims,
    seed=seeds,
    causal=booleans,
)
def gradient_check(ctx: Ctx, dims, seed, causal):
    h = dims[0]
    x, weights, dout = _case(seed, *dims)
    _show(ctx, x, weights, h, causal, dout=dout)
    _, cache = _forward(ctx, x, weights, h, causal)
    grads = ctx.call("mha_backward", dout, cache, unpack=5)
    mistakes = _backward_mistakes(x, weights, h, causal, dout)
    inputs = [x, *weights]
    for i in ORDER:

        def loss(z, i=i):
            args = [*inputs[:i], z, *inputs[i + 1 :]]
            out, _ = ctx.call("mha_forward", *args, h, causal, unpack=2)
            return float(np.sum(np.asarray(out) * dout))

        ctx.grad_check(GRADS[i], loss, inputs[i], grads[i], mistakes=mistakes[i])


@suite.prop(TITLE, max_examples=3, first=dims, second=dims, seed=seeds, causal=booleans)
def own_cache(ctx: Ctx, first, second, seed, causal):
    cases = [_case(seed + 7 * j, *dims) for j, dims in enumerate((first, second))]
    heads = (first[0], second[0])
    show_calls(
        ctx,
        [
            {"x": x, **dict(zip(WEIGHTS, ws, strict=True)), "h": h, "causal": causal, "dout": g}
            for (x, ws, g), h in zip(cases, heads, strict=True)
        ],
    )
    calls = [((x, *ws, h, causal), g) for (x, ws, g), h in zip(cases, heads, strict=True)]
    check_own_cache(
        ctx,
        "mha_forward",
        "mha_backward",
        calls,
        GRADS,
        atols=lambda j: _grad_atols(cases[j][0], cases[j][1], heads[j], cases[j][2]),
        order=ORDER,
    )


# ----------------------------------------------------------------- speed


@suite.speed("mha_backward", size="B=4, T=32, D=32, h=4")
def _speed(impl, rng: np.random.Generator):
    # Small enough that no product reaches OpenBLAS's multithreading threshold: its
    # spinning threads would cost every accepted check CPU time for nothing.
    x = rng.standard_normal((4, 32, 32))
    weights = [rng.standard_normal((32, 32)) / np.sqrt(32) for _ in WEIGHTS]
    dout = rng.standard_normal((4, 32, 32))
    _, cache = impl.mha_forward(x, *weights, 4, True)
    return lambda: impl.mha_backward(dout, cache)
