"""Formula checks for the attention cheatsheet (cheatsheets/attention.md): scaled
dot-product attention forwards (with masks) and backwards, the multi-head split and
the whole multi-head layer, one KV-cache decoding step, rotary position embeddings,
and the temperature / top-k / top-p filter that sampling draws from.

Each check compares a cheatsheet block's function with an independent reference
written here by a different route, never with numpy's vectorised formulas:

- attention is an explicit Python loop over every batch element, query and allowed
  key, with math.exp over the allowed keys only (so a mask is a list of keys, not a
  -inf), and a query with no allowed key gives a row of zeros, the drill's contract;
- the attention gradients are centred finite differences of that loop forward, for
  the scalar L = sum(out * dout), with a step of 1e-6 and a tolerance of 1e-5
  relative, 1e-7 absolute;
- multi-head attention slices each head's columns out of the projection matrices
  and runs the loop attention head by head, then concatenates the heads;
- the KV-cache step is the loop attention over the cache with the new position
  appended, and T steps from an empty cache must give causal attention over the
  whole sequence; the cache passed in must come back unchanged;
- RoPE rotates each pair (i, i + d/2) with math.cos and math.sin, and its
  relative-position property, (R_m q).(R_n k) = q.(R_(n-m) k), is checked on the
  block's own function;
- the sampling filter sorts each row with Python's sorted and walks the nucleus one
  token at a time.

Inputs are random with fixed seeds; some attention cases have scores in the
thousands with each query row at its own offset, masks of the drill's three shapes
and rows with nothing to attend to. The top-p cases never put top_p within 1e-6 of
a cumulative sum (asserted below). WRONG lists the conventions a candidate plausibly
writes that each check must reject. Loaded by tests/test_cheatsheets.py.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from typing import Any

import numpy as np

FD_STEP = 1e-6
RTOL, ATOL = 1e-5, 1e-7

# --- helpers ---------------------------------------------------------------------------


def _call(fn: Callable, label: str, *args: Any) -> Any:
    """Call a block's function on valid input; a crash (a shape error, an empty max)
    is a wrong answer, so it becomes an AssertionError."""
    try:
        with np.errstate(all="ignore"):
            return fn(*args)
    except AssertionError:
        raise
    except Exception as exc:
        raise AssertionError(f"{label}: the block raised {type(exc).__name__}: {exc}") from exc


def _close(got: Any, want: np.ndarray, label: str, rtol: float = 1e-8, atol: float = 1e-12):
    got = np.asarray(got)
    assert got.shape == want.shape, f"{label}: shape {got.shape}, expected {want.shape}"
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol, err_msg=label)


def _numerical_grad(loss: Callable[[], float], a: np.ndarray, h: float = FD_STEP) -> np.ndarray:
    """Centred differences of loss() with respect to a, perturbed in place."""
    grad = np.zeros_like(a)
    for idx in np.ndindex(a.shape):
        old = a[idx]
        a[idx] = old + h
        plus = loss()
        a[idx] = old - h
        minus = loss()
        a[idx] = old
        grad[idx] = (plus - minus) / (2 * h)
    return grad


# --- scaled dot-product attention ------------------------------------------------------


def _attention_loops(q: np.ndarray, k: np.ndarray, v: np.ndarray, mask: Any = None):
    """out (B, Tq, dv) and weights (B, Tq, Tk), one query and one allowed key at a time."""
    n_batch, n_q, d = q.shape
    n_k, dv = k.shape[1], v.shape[2]
    full = np.ones((n_batch, n_q, n_k), dtype=bool)
    if mask is not None:
        full = np.broadcast_to(np.asarray(mask, dtype=bool), full.shape)
    out = np.zeros((n_batch, n_q, dv))
    weights = np.zeros((n_batch, n_q, n_k))
    for b in range(n_batch):
        for i in range(n_q):
            allowed = [j for j in range(n_k) if full[b, i, j]]
            if not allowed:
                continue  # nothing to attend to: zeros, the drill's contract
            scores = {}
            for j in allowed:
                dot = 0.0
                for c in range(d):
                    dot += float(q[b, i, c]) * float(k[b, j, c])
                scores[j] = dot / math.sqrt(d)
            top = max(scores.values())
            exps = {j: math.exp(s - top) for j, s in scores.items()}
            total = sum(exps.values())
            for j in allowed:
                weights[b, i, j] = exps[j] / total
                for c in range(dv):
                    out[b, i, c] += weights[b, i, j] * float(v[b, j, c])
    return out, weights


def _random_mask(rng: np.random.Generator, shape: tuple, empty_rows: bool) -> np.ndarray:
    mask = rng.random(shape) < 0.6
    mask[..., 0] |= ~mask.any(axis=-1)  # every row keeps a key ...
    if empty_rows:
        mask[..., -1, :] = False  # ... except the last query of every batch element
    return mask


def _attention_case(rng: np.random.Generator, case: tuple):
    n_batch, n_q, n_k, d, dv, kind, scale = case
    q = rng.normal(size=(n_batch, n_q, d)) * scale
    k = rng.normal(size=(n_batch, n_k, d))
    v = rng.normal(size=(n_batch, n_k, dv))
    if kind == "large":  # scores in the thousands, each query row at its own offset
        k[..., -1] = 1.0
        signs = rng.choice([-1.0, 1.0], size=(n_batch, n_q))
        offsets = signs * rng.uniform(1e3, 5e3, size=(n_batch, n_q))
        q[..., -1] = offsets * math.sqrt(d)
        q[..., :-1] *= 400.0
    masks = {
        None: None,
        "large": _random_mask(rng, (n_batch, n_q, n_k), empty_rows=False),
        "random": _random_mask(rng, (n_batch, n_q, n_k), empty_rows=False),
        "causal": np.tril(np.ones((n_q, n_k), dtype=bool)),
        "padding": np.arange(n_k)[None, None, :] < rng.integers(1, n_k + 1, (n_batch, 1, 1)),
        "empty rows": _random_mask(rng, (n_batch, n_q, n_k), empty_rows=True),
    }
    return q, k, v, masks[kind]


FORWARD_CASES = [  # B, Tq, Tk, d, dv, mask, score scale
    (2, 3, 3, 4, 2, None, 1.0),
    (1, 4, 5, 3, 3, "random", 2.0),
    (2, 4, 4, 2, 3, "causal", 1.0),
    (3, 2, 5, 4, 1, "padding", 1.0),
    (2, 3, 4, 3, 2, "empty rows", 1.0),
    (2, 3, 4, 3, 2, "large", 1.0),
    (1, 1, 1, 1, 1, None, 1.0),
]


def _check_attention_forward(fn: Callable) -> None:
    rng = np.random.default_rng(90)
    for case in FORWARD_CASES:
        q, k, v, mask = _attention_case(rng, case)
        label = f"attention forward {case}"
        args = (q, k, v) if mask is None else (q, k, v, mask)  # None: the default
        got = _call(fn, label, *args)
        assert isinstance(got, tuple) and len(got) == 2, f"{label}: expected (out, w)"
        want_out, want_w = _attention_loops(q, k, v, mask)
        _close(got[1], want_w, f"{label}: weights")
        _close(got[0], want_out, f"{label}: out", atol=1e-10)


def _softmax_rows(s: np.ndarray, axis: int = -1) -> np.ndarray:
    e = np.exp(s - s.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _attention_unscaled(q, k, v, mask=None):
    s = q @ np.swapaxes(k, -1, -2)
    if mask is not None:
        s = np.where(mask, s, -np.inf)
    m = s.max(axis=-1, keepdims=True)
    e = np.exp(s - np.where(np.isfinite(m), m, 0.0))
    w = e / np.maximum(e.sum(axis=-1, keepdims=True), 1e-300)
    return w @ v, w


def _attention_softmax_over_queries(q, k, v, mask=None):
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        s = np.where(mask, s, -np.inf)
    w = _softmax_rows(s, axis=-2)
    return w @ v, w


def _attention_mask_after_softmax(q, k, v, mask=None):
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    w = _softmax_rows(s)
    if mask is not None:
        w = w * mask
    return w @ v, w


def _attention_fill_minus_1e9(q, k, v, mask=None):
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        s = np.where(mask, s, -1e9)
    w = _softmax_rows(s)
    return w @ v, w


BACKWARD_CASES = [  # B, Tq, Tk, d, dv, mask, score scale
    (2, 3, 4, 3, 2, None, 1.0),
    (1, 4, 4, 2, 3, "causal", 1.5),
    (2, 2, 3, 4, 2, "random", 1.0),
    (2, 3, 2, 2, 1, "padding", 1.0),
    (1, 3, 4, 3, 2, "empty rows", 1.0),
]


def _check_attention_backward(fn: Callable) -> None:
    rng = np.random.default_rng(91)
    for case in BACKWARD_CASES:
        q, k, v, mask = _attention_case(rng, case)
        dout = rng.normal(size=(q.shape[0], q.shape[1], v.shape[2]))
        _, w = _attention_loops(q, k, v, mask)
        label = f"attention backward {case}"
        got = _call(fn, label, dout, q.copy(), k.copy(), v.copy(), w.copy())
        assert isinstance(got, tuple) and len(got) == 3, f"{label}: expected (dq, dk, dv)"

        def loss(q=q, k=k, v=v, mask=mask, dout=dout) -> float:
            return float(np.sum(_attention_loops(q, k, v, mask)[0] * dout))

        for name, g, a in zip(("dq", "dk", "dv"), got, (q, k, v), strict=True):
            _close(g, _numerical_grad(loss, a), f"{label}: {name}", rtol=RTOL, atol=ATOL)


def _backward_parts(dout, q, k, v, w):
    scale = 1.0 / np.sqrt(q.shape[-1])
    dv = np.swapaxes(w, -1, -2) @ dout
    dw = dout @ np.swapaxes(v, -1, -2)
    return scale, dv, dw


def _attention_backward_elementwise(dout, q, k, v, w):
    scale, dv, dw = _backward_parts(dout, q, k, v, w)
    ds = w * (1.0 - w) * dw
    return ds @ k * scale, np.swapaxes(ds, -1, -2) @ q * scale, dv


def _attention_backward_sum_over_queries(dout, q, k, v, w):
    scale, dv, dw = _backward_parts(dout, q, k, v, w)
    ds = w * (dw - (dw * w).sum(axis=-2, keepdims=True))
    return ds @ k * scale, np.swapaxes(ds, -1, -2) @ q * scale, dv


def _attention_backward_unscaled(dout, q, k, v, w):
    _, dv, dw = _backward_parts(dout, q, k, v, w)
    ds = w * (dw - (dw * w).sum(axis=-1, keepdims=True))
    return ds @ k, np.swapaxes(ds, -1, -2) @ q, dv


def _attention_backward_no_transpose(dout, q, k, v, w):
    scale = 1.0 / np.sqrt(q.shape[-1])
    dv = w @ dout
    dw = dout @ np.swapaxes(v, -1, -2)
    ds = w * (dw - (dw * w).sum(axis=-1, keepdims=True))
    return ds @ k * scale, ds @ q * scale, dv


# --- multi-head attention -----------------------------------------------------------------

SPLIT_CASES = [(2, 3, 8, 4), (1, 5, 6, 3), (2, 4, 6, 6), (1, 1, 4, 2), (2, 2, 4, 1)]  # B, T, D, h


def _check_split_heads(fn: Callable) -> None:
    rng = np.random.default_rng(92)
    for n_batch, steps, width, heads in SPLIT_CASES:
        x = rng.normal(size=(n_batch, steps, width))
        dk = width // heads
        want = np.empty((n_batch, heads, steps, dk))
        for b in range(n_batch):
            for i in range(heads):
                for t in range(steps):
                    for j in range(dk):
                        want[b, i, t, j] = x[b, t, i * dk + j]
        label = f"split_heads x {x.shape}, h = {heads}"
        _close(_call(fn, label, x.copy(), heads), want, label, rtol=0, atol=0)


def _split_reshape_only(x, h):
    n_batch, steps, width = x.shape
    return x.reshape(n_batch, h, steps, width // h)


def _split_strided(x, h):
    n_batch, steps, width = x.shape
    return x.reshape(n_batch, steps, width // h, h).transpose(0, 3, 1, 2)


def _matmul_loops(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    out = np.zeros((a.shape[0], b.shape[1]))
    for i in range(a.shape[0]):
        for j in range(b.shape[1]):
            total = 0.0
            for c in range(a.shape[1]):
                total += float(a[i, c]) * float(b[c, j])
            out[i, j] = total
    return out


def _mha_loops(x, Wq, Wk, Wv, Wo, heads, mask):
    n_batch, steps, width = x.shape
    dk = width // heads
    out = np.zeros_like(x)
    for b in range(n_batch):
        outputs = []
        for i in range(heads):
            cols = slice(i * dk, (i + 1) * dk)
            qh, kh, vh = (_matmul_loops(x[b], W[:, cols])[None] for W in (Wq, Wk, Wv))
            head, _ = _attention_loops(qh, kh, vh, None if mask is None else mask[None])
            outputs.append(head[0])
        out[b] = _matmul_loops(np.concatenate(outputs, axis=1), Wo)
    return out


MHA_CASES = [(2, 4, 8, 2, None), (1, 5, 6, 3, "causal"), (2, 3, 4, 4, "causal"), (1, 3, 6, 1, None)]


def _check_mha(fn: Callable) -> None:
    rng = np.random.default_rng(93)
    for n_batch, steps, width, heads, kind in MHA_CASES:
        x = rng.normal(size=(n_batch, steps, width))
        Wq, Wk, Wv, Wo = (rng.normal(size=(width, width)) for _ in range(4))
        mask = None if kind is None else np.tril(np.ones((steps, steps), dtype=bool))
        label = f"multi-head attention x {x.shape}, h = {heads}, mask {kind}"
        args = (x, Wq, Wk, Wv, Wo, heads) + (() if mask is None else (mask,))
        want = _mha_loops(x, Wq, Wk, Wv, Wo, heads, mask)
        _close(_call(fn, label, *args), want, label, atol=1e-10)


def _mha(x, Wq, Wk, Wv, Wo, h, mask, split, merge, scale_width=False):
    q, k, v = (split(x @ W, h) for W in (Wq, Wk, Wv))
    width = x.shape[-1] if scale_width else q.shape[-1]
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(width)
    if mask is not None:
        s = np.where(mask, s, -np.inf)
    return merge(_softmax_rows(s) @ v) @ Wo


def _split(x, h):
    n_batch, steps, width = x.shape
    return x.reshape(n_batch, steps, h, width // h).transpose(0, 2, 1, 3)


def _merge(x):
    n_batch, heads, steps, dk = x.shape
    return x.transpose(0, 2, 1, 3).reshape(n_batch, steps, heads * dk)


def _merge_reshape_only(x):
    n_batch, heads, steps, dk = x.shape
    return x.reshape(n_batch, steps, heads * dk)


def _mha_reshape_without_transpose(x, Wq, Wk, Wv, Wo, h, mask=None):
    return _mha(x, Wq, Wk, Wv, Wo, h, mask, _split_reshape_only, _merge_reshape_only)


def _mha_merge_without_transpose(x, Wq, Wk, Wv, Wo, h, mask=None):
    return _mha(x, Wq, Wk, Wv, Wo, h, mask, _split, _merge_reshape_only)


def _mha_scaled_by_d_model(x, Wq, Wk, Wv, Wo, h, mask=None):
    return _mha(x, Wq, Wk, Wv, Wo, h, mask, _split, _merge, scale_width=True)


# --- one KV-cache step ------------------------------------------------------------------

KV_CASES = [(1, 0, 2, 3), (2, 1, 3, 2), (3, 4, 4, 1), (2, 5, 1, 3), (1, 3, 5, 4)]  # B, t, d, dv


def _kv_expected(q_t, k_t, v_t, cache):
    K = np.concatenate([cache["k"], k_t[:, None, :]], axis=1)
    V = np.concatenate([cache["v"], v_t[:, None, :]], axis=1)
    out, _ = _attention_loops(q_t[:, None, :], K, V)
    return out[:, 0], K, V


def _kv_call(fn: Callable, label: str, q_t, k_t, v_t, cache):
    kept = copy.deepcopy(cache)
    inputs = [a.copy() for a in (q_t, k_t, v_t)]
    got = _call(fn, label, q_t, k_t, v_t, cache)
    assert isinstance(got, tuple) and len(got) == 2, f"{label}: expected (out_t, new_cache)"
    assert set(cache) == {"k", "v"}, f"{label}: the cache passed in changed its keys"
    for key in ("k", "v"):
        assert np.array_equal(cache[key], kept[key]), f"{label}: cache['{key}'] was changed"
    for name, a, b in zip(("q_t", "k_t", "v_t"), (q_t, k_t, v_t), inputs, strict=True):
        assert np.array_equal(a, b), f"{label}: {name} was changed"
    return got


def _check_kv_step(fn: Callable) -> None:
    rng = np.random.default_rng(94)
    for n_batch, t, d, dv in KV_CASES:
        for scale in (1.0, 300.0):
            q_t = rng.normal(size=(n_batch, d)) * scale
            k_t, v_t = rng.normal(size=(n_batch, d)), rng.normal(size=(n_batch, dv))
            cache = {"k": rng.normal(size=(n_batch, t, d)), "v": rng.normal(size=(n_batch, t, dv))}
            label = f"attend_step B={n_batch} t={t} d={d} dv={dv} scale {scale}"
            out, new = _kv_call(fn, label, q_t, k_t, v_t, cache)
            want_out, want_k, want_v = _kv_expected(q_t, k_t, v_t, cache)
            _close(out, want_out, f"{label}: out_t", atol=1e-10)
            _close(new["k"], want_k, f"{label}: new cache k (the new key last)", rtol=0, atol=0)
            _close(new["v"], want_v, f"{label}: new cache v (the new value last)", rtol=0, atol=0)
    # T steps from an empty cache are causal attention over the whole sequence
    for n_batch, steps, d, dv in [(2, 5, 3, 2), (1, 1, 2, 2), (3, 4, 1, 3)]:
        q, k = rng.normal(size=(n_batch, steps, d)), rng.normal(size=(n_batch, steps, d))
        v = rng.normal(size=(n_batch, steps, dv))
        cache = {"k": np.zeros((n_batch, 0, d)), "v": np.zeros((n_batch, 0, dv))}
        outs = []
        for t in range(steps):
            out, cache = _kv_call(fn, f"step {t} of {steps}", q[:, t], k[:, t], v[:, t], cache)
            outs.append(np.asarray(out))
        want, _ = _attention_loops(q, k, v, np.tril(np.ones((steps, steps), dtype=bool)))
        _close(np.stack(outs, axis=1), want, f"{steps} steps vs causal attention", atol=1e-10)
        _close(cache["k"], k, f"{steps} steps: the final cache k", rtol=0, atol=0)


def _kv_attend_before_append(q_t, k_t, v_t, cache):
    s = np.einsum("bd,btd->bt", q_t, cache["k"]) / np.sqrt(q_t.shape[-1])
    out = np.einsum("bt,btv->bv", _softmax_rows(s, axis=1), cache["v"])
    K = np.concatenate([cache["k"], k_t[:, None, :]], axis=1)
    V = np.concatenate([cache["v"], v_t[:, None, :]], axis=1)
    return out, {"k": K, "v": V}


def _kv_prepend(q_t, k_t, v_t, cache):
    K = np.concatenate([k_t[:, None, :], cache["k"]], axis=1)
    V = np.concatenate([v_t[:, None, :], cache["v"]], axis=1)
    s = np.einsum("bd,btd->bt", q_t, K) / np.sqrt(q_t.shape[-1])
    return np.einsum("bt,btv->bv", _softmax_rows(s, axis=1), V), {"k": K, "v": V}


def _kv_mutates_cache(q_t, k_t, v_t, cache):
    cache["k"] = np.concatenate([cache["k"], k_t[:, None, :]], axis=1)
    cache["v"] = np.concatenate([cache["v"], v_t[:, None, :]], axis=1)
    s = np.einsum("bd,btd->bt", q_t, cache["k"]) / np.sqrt(q_t.shape[-1])
    return np.einsum("bt,btv->bv", _softmax_rows(s, axis=1), cache["v"]), cache


def _kv_softmax_over_batch(q_t, k_t, v_t, cache):
    K = np.concatenate([cache["k"], k_t[:, None, :]], axis=1)
    V = np.concatenate([cache["v"], v_t[:, None, :]], axis=1)
    s = np.einsum("bd,btd->bt", q_t, K) / np.sqrt(q_t.shape[-1])
    return np.einsum("bt,btv->bv", _softmax_rows(s, axis=0), V), {"k": K, "v": V}


# --- rotary position embeddings -------------------------------------------------------------


def _rope_loops(x: np.ndarray, pos: list[int], base: float) -> np.ndarray:
    """Pair (i, i + d/2) of position t turned by pos[t] * base**(-2i/d)."""
    d = x.shape[-1]
    half = d // 2
    out = np.empty_like(x)
    for idx in np.ndindex(x.shape[:-1]):
        angle_unit = float(pos[idx[-1]])
        for i in range(half):
            angle = angle_unit * base ** (-2.0 * i / d)
            a, b = float(x[idx + (i,)]), float(x[idx + (i + half,)])
            out[idx + (i,)] = a * math.cos(angle) - b * math.sin(angle)
            out[idx + (i + half,)] = a * math.sin(angle) + b * math.cos(angle)
    return out


ROPE_CASES = [  # x shape, positions, base (None: the default 10000)
    ((4, 6), [0, 1, 2, 3], None),
    ((2, 3, 5, 8), [0, 7, 30, 500, 4095], None),
    ((3, 2), [5, 0, 2], 500.0),
    ((1, 2, 4, 4), [3, 2, 1, 0], 10000.0),
]


def _check_rope(fn: Callable) -> None:
    rng = np.random.default_rng(95)
    for shape, pos, base in ROPE_CASES:
        x = rng.normal(size=shape)
        args = (x.copy(), list(pos)) + (() if base is None else (base,))
        label = f"rope x {shape}, positions {pos}, base {base or 10000.0}"
        want = _rope_loops(x, pos, 10000.0 if base is None else base)
        _close(_call(fn, label, *args), want, label, rtol=1e-9, atol=1e-10)
    # the property the page states: the score depends on n - m only
    for d in (2, 8, 16):
        q, k = rng.normal(size=(1, d)), rng.normal(size=(1, d))
        for m, n in [(0, 0), (3, 7), (10, 14), (7, 3), (100, 40)]:
            label = f"rope relative position, d = {d}, m = {m}, n = {n}"
            rotated = np.asarray(_call(fn, label, q, [m])) @ np.asarray(_call(fn, label, k, [n])).T
            relative = q @ np.asarray(_call(fn, label, k, [n - m])).T
            _close(rotated, relative, f"{label}: (R_m q).(R_n k) vs q.(R_(n-m) k)", rtol=1e-9)


def _rope_interleaved(x, pos, base=10000.0):
    d = x.shape[-1]
    theta = base ** (-2.0 * np.arange(d // 2) / d)
    angle = np.asarray(pos, dtype=float)[:, None] * theta
    x1, x2 = x[..., 0::2], x[..., 1::2]
    out = np.empty_like(x)
    out[..., 0::2] = x1 * np.cos(angle) - x2 * np.sin(angle)
    out[..., 1::2] = x1 * np.sin(angle) + x2 * np.cos(angle)
    return out


def _rope_frequencies_without_two(x, pos, base=10000.0):
    half = x.shape[-1] // 2
    theta = base ** (-1.0 * np.arange(half) / x.shape[-1])
    angle = np.asarray(pos, dtype=float)[:, None] * theta
    x1, x2 = x[..., :half], x[..., half:]
    return np.concatenate(
        [x1 * np.cos(angle) - x2 * np.sin(angle), x1 * np.sin(angle) + x2 * np.cos(angle)], -1
    )


def _rope_added_like_sinusoids(x, pos, base=10000.0):
    half = x.shape[-1] // 2
    theta = base ** (-2.0 * np.arange(half) / x.shape[-1])
    angle = np.asarray(pos, dtype=float)[:, None] * theta
    return x + np.concatenate([np.sin(angle), np.cos(angle)], -1)


# --- temperature, top-k and top-p ------------------------------------------------------------


def _filter_row(row: list[float], temperature: float, top_k: Any, top_p: Any) -> list[float]:
    size = len(row)
    if temperature == 0:
        best = max(range(size), key=lambda j: (row[j], -j))  # the first of the largest
        return [1.0 if j == best else 0.0 for j in range(size)]
    z = [value / temperature for value in row]
    kept = list(range(size))
    if top_k is not None and top_k < size:
        kth = sorted(z, reverse=True)[top_k - 1]
        kept = [j for j in range(size) if z[j] >= kth]
    top = max(z[j] for j in kept)
    exps = {j: math.exp(z[j] - top) for j in kept}
    total = sum(exps.values())
    p = {j: e / total for j, e in exps.items()}
    if top_p is not None and top_p < 1.0:
        nucleus, mass = [], 0.0
        for j in sorted(kept, key=lambda j: (-p[j], j)):
            assert abs(mass - top_p) > 1e-6 or not nucleus, "a case puts top_p on a cumsum"
            if mass >= top_p:
                break
            nucleus.append(j)
            mass += p[j]
        kept = nucleus
    total = sum(p[j] for j in kept)
    return [p[j] / total if j in kept else 0.0 for j in range(size)]


def _filter_cases(rng: np.random.Generator) -> list[tuple[np.ndarray, float, Any, Any]]:
    nucleus = np.log([[0.40, 0.25, 0.15, 0.10, 0.06, 0.04], [0.9, 0.04, 0.03, 0.02, 0.005, 0.005]])
    order = np.log([[0.6, 0.25, 0.15]])
    ties = np.array([[3.0, 1.0, 1.0, 1.0, 0.0], [2.0, 2.0, 0.5, -1.0, -1.5]])
    far = rng.normal(size=(3, 6)) * 3 + np.array([[1000.0], [-1000.0], [0.0]])
    random = rng.normal(size=(4, 7)) * 2
    return [
        (random, 1.0, None, None),
        (random, 0.5, 3, None),
        (random, 2.0, None, 0.6),
        (random, 1.0, 4, 0.8),
        (nucleus, 1.0, None, 0.75),
        (nucleus, 1.0, None, 0.5),
        (order, 1.0, 2, 0.7),
        (ties, 1.0, 2, None),
        (ties, 1.0, 1, None),
        (far, 1.0, None, 0.9),
        (far, 0.01, None, None),
        (random, 1.0, 100, 1.0),
        (np.array([[1.0, 3.0, 3.0, 0.0]]), 0.0, 2, 0.5),
        (np.array([[0.5]]), 1.5, 1, 0.3),
    ]


def _check_filter(fn: Callable) -> None:
    rng = np.random.default_rng(96)
    for logits, temperature, top_k, top_p in _filter_cases(rng):
        label = f"filter T={temperature} top_k={top_k} top_p={top_p} on {logits.shape}"
        want = np.array([_filter_row(row.tolist(), temperature, top_k, top_p) for row in logits])
        got = _call(fn, label, logits.copy(), temperature, top_k, top_p)
        _close(got, want, label, rtol=1e-9, atol=1e-12)
    try:
        fn(np.zeros((1, 3)), -1.0, None, None)
    except ValueError:
        pass
    else:
        raise AssertionError("filter: a negative temperature must raise ValueError")


def _top_k(z, top_k):
    if top_k is not None and top_k < z.shape[1]:
        kth = np.sort(z, axis=1)[:, -top_k, None]
        z = np.where(z >= kth, z, -np.inf)
    return z


def _nucleus(p, top_p, crossing=True):
    if top_p is None or top_p >= 1.0:
        return p
    order = np.argsort(-p, axis=1, kind="stable")
    sorted_p = np.take_along_axis(p, order, axis=1)
    cumulative = np.cumsum(sorted_p, axis=1)
    keep_sorted = (cumulative - sorted_p < top_p) if crossing else (cumulative < top_p)
    keep = np.zeros(p.shape, dtype=bool)
    np.put_along_axis(keep, order, keep_sorted, axis=1)
    return np.where(keep, p, 0.0)


def _filter(
    logits, temperature, top_k, top_p, *, multiply=False, crossing=True, nucleus_first=False
):
    if temperature < 0:
        raise ValueError("temperature must be >= 0")
    if temperature == 0:
        return np.eye(logits.shape[1])[np.argmax(logits, axis=1)]
    z = logits * temperature if multiply else logits / temperature
    if nucleus_first:
        p = _nucleus(_softmax_rows(z, axis=1), top_p)
        z = _top_k(np.where(p > 0, z, -np.inf), top_k)
        p = _softmax_rows(z, axis=1)
    else:
        p = _nucleus(_softmax_rows(_top_k(z, top_k), axis=1), top_p, crossing)
    return p / p.sum(axis=1, keepdims=True)


def _filter_crossing_excluded(logits, temperature=1.0, top_k=None, top_p=None):
    return _filter(logits, temperature, top_k, top_p, crossing=False)


def _filter_top_p_before_top_k(logits, temperature=1.0, top_k=None, top_p=None):
    return _filter(logits, temperature, top_k, top_p, nucleus_first=True)


def _filter_temperature_multiplied(logits, temperature=1.0, top_k=None, top_p=None):
    return _filter(logits, temperature, top_k, top_p, multiply=True)


def _filter_ties_dropped(logits, temperature=1.0, top_k=None, top_p=None):
    if temperature < 0:
        raise ValueError("temperature must be >= 0")
    if temperature == 0:
        return np.eye(logits.shape[1])[np.argmax(logits, axis=1)]
    z = logits / temperature
    if top_k is not None and top_k < z.shape[1]:
        top = np.argsort(-z, axis=1, kind="stable")[:, :top_k]  # exactly k indices
        keep = np.zeros(z.shape, dtype=bool)
        np.put_along_axis(keep, top, True, axis=1)
        z = np.where(keep, z, -np.inf)
    p = _nucleus(_softmax_rows(z, axis=1), top_p)
    return p / p.sum(axis=1, keepdims=True)


# --- the registry ------------------------------------------------------------------------

CHECKS: dict[str, Callable[[Callable], None]] = {
    "attn-forward": _check_attention_forward,
    "attn-backward": _check_attention_backward,
    "attn-split-heads": _check_split_heads,
    "attn-mha": _check_mha,
    "attn-kv-step": _check_kv_step,
    "attn-rope": _check_rope,
    "attn-top-k-top-p": _check_filter,
}

EXPECTED: dict[str, list[str]] = {
    "attention": list(CHECKS),
}

WRONG: list[tuple[str, Callable]] = [
    ("attn-forward", _attention_unscaled),
    ("attn-forward", _attention_softmax_over_queries),
    ("attn-forward", _attention_mask_after_softmax),
    ("attn-forward", _attention_fill_minus_1e9),
    ("attn-backward", _attention_backward_elementwise),
    ("attn-backward", _attention_backward_sum_over_queries),
    ("attn-backward", _attention_backward_unscaled),
    ("attn-backward", _attention_backward_no_transpose),
    ("attn-split-heads", _split_reshape_only),
    ("attn-split-heads", _split_strided),
    ("attn-mha", _mha_reshape_without_transpose),
    ("attn-mha", _mha_merge_without_transpose),
    ("attn-mha", _mha_scaled_by_d_model),
    ("attn-kv-step", _kv_attend_before_append),
    ("attn-kv-step", _kv_prepend),
    ("attn-kv-step", _kv_mutates_cache),
    ("attn-kv-step", _kv_softmax_over_batch),
    ("attn-rope", _rope_interleaved),
    ("attn-rope", _rope_frequencies_without_two),
    ("attn-rope", _rope_added_like_sinusoids),
    ("attn-top-k-top-p", _filter_crossing_excluded),
    ("attn-top-k-top-p", _filter_top_p_before_top_k),
    ("attn-top-k-top-p", _filter_ties_dropped),
    ("attn-top-k-top-p", _filter_temperature_multiplied),
]
