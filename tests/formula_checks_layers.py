"""Formula checks for the layers cheatsheet (cheatsheets/layers.md).

Covers the conv backward pass written as convolutions, im2col, receptive fields,
parameter and multiply-add counts, and dilated and transposed convolution sizes.
Every check compares a page block's function with a different route to the same
answer: the drill's scatter-loop reference (solutions/conv.py), a direct
convolution in explicit Python loops that counts its own multiplications, brute
force over index sets, or the defining property of a transposed convolution (it
gives back the input size of the convolution it transposes).

Exported for tests/test_cheatsheets.py: CHECKS, EXPECTED and WRONG.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from reference_solutions import load_solution

SOLUTIONS = Path(__file__).resolve().parent.parent / "solutions"

Layer = tuple[int, int, int]  # kernel, stride, dilation
Arr = np.ndarray
Grads = tuple[np.ndarray, np.ndarray, np.ndarray]


# --- helpers --------------------------------------------------------------------------


def _solution(module: str) -> ModuleType:
    return load_solution(module)


def _call(fn: Callable, label: str, *args: Any) -> Any:
    """Call a block's function; a crash on valid input is a failed check."""
    try:
        return fn(*args)
    except AssertionError:
        raise
    except Exception as exc:
        raise AssertionError(f"{label}: the block raised {type(exc).__name__}: {exc}") from exc


def _close(got: Any, want: np.ndarray, label: str) -> None:
    got = np.asarray(got)
    assert got.shape == want.shape, f"{label}: shape {got.shape}, expected {want.shape}"
    np.testing.assert_allclose(got, want, rtol=1e-7, atol=1e-10, err_msg=label)


def _ints(got: Any, label: str) -> tuple[int, ...]:
    try:
        return tuple(int(v) for v in got)
    except (TypeError, ValueError) as exc:
        raise AssertionError(f"{label}: expected a tuple of integers, got {got!r}") from exc


def _starts(padded: int, kernel: int, stride: int, dilation: int) -> list[int]:
    """Every window start whose last tap still falls inside the padded input."""
    starts, start = [], 0
    while start + dilation * (kernel - 1) <= padded - 1:
        starts.append(start)
        start += stride
    return starts


def _loop_conv(
    x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int, pad: int, dilation: int = 1
) -> tuple[np.ndarray, int]:
    """Direct convolution in explicit loops, counting every multiplication it does."""
    n_count, channels, height, width = x.shape
    filters, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    rows = _starts(height + 2 * pad, kh, stride, dilation)
    cols = _starts(width + 2 * pad, kw, stride, dilation)
    out = np.zeros((n_count, filters, len(rows), len(cols)))
    mults = 0
    for n, f, i, j in np.ndindex(out.shape):
        total = b[f]
        for c, a, e in np.ndindex(channels, kh, kw):
            total += xp[n, c, rows[i] + dilation * a, cols[j] + dilation * e] * w[f, c, a, e]
            mults += 1
        out[n, f, i, j] = total
    return out, mults


# cases: x shape, w shape, stride, pad. The first has F == C, so a filter whose channel
# axes were not swapped runs and gives wrong numbers; later ones need the floor remainder
# (stride not dividing H + 2P - HH), a 1x1 kernel with P > HH - 1, and overlaps.
CONV_CASES = [
    ((2, 3, 5, 5), (3, 3, 3, 3), 1, 1),
    ((2, 3, 7, 6), (4, 3, 3, 2), 2, 1),
    ((1, 2, 8, 9), (2, 2, 3, 3), 2, 0),
    ((2, 2, 6, 8), (3, 2, 3, 3), 3, 2),
    ((1, 2, 4, 4), (2, 2, 1, 1), 1, 1),
    ((1, 1, 5, 4), (1, 1, 5, 4), 1, 0),
    ((2, 2, 5, 5), (2, 2, 2, 2), 2, 0),
    ((1, 3, 6, 7), (2, 3, 4, 3), 1, 2),
]


# --- conv backward as convolutions --------------------------------------------------------


def _check_backward(fn: Callable, seed: int, what: str) -> None:
    """dx, dw, db from the block vs the naive loops, on every CONV_CASES shape."""
    conv = _solution("conv")
    rng = np.random.default_rng(seed)
    for x_shape, w_shape, stride, pad in CONV_CASES:
        x, w = rng.normal(size=x_shape), rng.normal(size=w_shape)
        b = rng.normal(size=w_shape[0])
        out, cache = conv.conv_forward_naive(x, w, b, {"stride": stride, "pad": pad})
        dout = rng.normal(size=out.shape)
        want = conv.conv_backward_naive(dout, cache)
        label = f"{what}, x {x_shape}, w {w_shape}, S={stride}, P={pad}"
        got = _call(fn, label, dout, x, w, stride, pad)
        for name, g, r in zip(("dx", "dw", "db"), got, want, strict=True):
            _close(g, r, f"{label}: {name}")


def _check_conv_backward_as_conv(fn: Callable) -> None:
    _check_backward(fn, 70, "conv backward as conv")


def _corr(x: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Stride-1 valid cross-correlation, (N, C, H, W) with (F, C, a, e)."""
    kh, kw = k.shape[2:]
    out = np.zeros((x.shape[0], k.shape[0], x.shape[2] - kh + 1, x.shape[3] - kw + 1))
    for a, e in np.ndindex(kh, kw):
        window = x[:, :, a : a + out.shape[2], e : e + out.shape[3]]
        out += np.einsum("ncij,fc->nfij", window, k[:, :, a, e])
    return out


def _backward_by_conv(
    dout: np.ndarray,
    x: np.ndarray,
    w: np.ndarray,
    stride: int,
    pad: int,
    *,
    flip: bool = True,
    swap: bool = True,
    dilate_for_dw: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The page's recipe with one step optionally left out (for WRONG)."""
    n_count, _, height, width = x.shape
    filters, _, kh, kw = w.shape
    ho, wo = dout.shape[2:]
    dd = np.zeros((n_count, filters, (ho - 1) * stride + 1, (wo - 1) * stride + 1))
    dd[:, :, ::stride, ::stride] = dout
    rh = height + 2 * pad - (dd.shape[2] + kh - 1)
    rw = width + 2 * pad - (dd.shape[3] + kw - 1)
    full = np.pad(dd, ((0, 0), (0, 0), (kh - 1, kh - 1 + rh), (kw - 1, kw - 1 + rw)))
    kernel = w[:, :, ::-1, ::-1] if flip else w
    kernel = kernel.transpose(1, 0, 2, 3) if swap else kernel
    dx = _corr(full, kernel)[:, :, pad : pad + height, pad : pad + width]
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    grad = dd if dilate_for_dw else dout
    dw = _corr(xp.transpose(1, 0, 2, 3), grad.transpose(1, 0, 2, 3))[:, :, :kh, :kw]
    return dx, dw.transpose(1, 0, 2, 3), dout.sum(axis=(0, 2, 3))


def _conv_dx_filter_not_flipped(dout: Arr, x: Arr, w: Arr, stride: int, pad: int) -> Grads:
    return _backward_by_conv(dout, x, w, stride, pad, flip=False)


def _conv_dx_channels_not_swapped(dout: Arr, x: Arr, w: Arr, stride: int, pad: int) -> Grads:
    return _backward_by_conv(dout, x, w, stride, pad, swap=False)


def _conv_dw_dout_not_dilated(dout: Arr, x: Arr, w: Arr, stride: int, pad: int) -> Grads:
    return _backward_by_conv(dout, x, w, stride, pad, dilate_for_dw=False)


# --- im2col -------------------------------------------------------------------------------


def _check_im2col_forward(fn: Callable) -> None:
    conv = _solution("conv")
    rng = np.random.default_rng(71)
    for x_shape, w_shape, stride, pad in CONV_CASES:
        x, w = rng.normal(size=x_shape), rng.normal(size=w_shape)
        b = rng.normal(size=w_shape[0])
        want, _ = conv.conv_forward_naive(x, w, b, {"stride": stride, "pad": pad})
        label = f"im2col forward, x {x_shape}, w {w_shape}, S={stride}, P={pad}"
        _close(_call(fn, label, x, w, b, stride, pad), want, label)


def _check_im2col_backward(fn: Callable) -> None:
    _check_backward(fn, 72, "im2col backward")


def _loop_cols(xp: np.ndarray, kh: int, kw: int, stride: int, order: str) -> np.ndarray:
    """Columns built one window at a time; rows in (c, a, e) or (a, e, c) order."""
    n_count, channels, hp, wp = xp.shape
    rows, cols = _starts(hp, kh, stride, 1), _starts(wp, kw, stride, 1)
    columns = []
    for n, r0, c0 in ((n, r0, c0) for n in range(n_count) for r0 in rows for c0 in cols):
        patch = xp[n, :, r0 : r0 + kh, c0 : c0 + kw]
        columns.append(patch.ravel() if order == "cae" else patch.transpose(1, 2, 0).ravel())
    return np.stack(columns, axis=1)


def _im2col_rows_channels_last(x: Arr, w: Arr, b: Arr, stride: int, pad: int) -> Arr:
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    filters, _, kh, kw = w.shape
    cols = _loop_cols(xp, kh, kw, stride, order="aec")  # rows (a, e, c) ...
    out = w.reshape(filters, -1) @ cols + b[:, None]  # ... weights flattened (c, a, e)
    ho = len(_starts(xp.shape[2], kh, stride, 1))
    wo = len(_starts(xp.shape[3], kw, stride, 1))
    return out.reshape(filters, x.shape[0], ho, wo).transpose(1, 0, 2, 3)


def _col2im_by_assignment(dout: Arr, x: Arr, w: Arr, stride: int, pad: int) -> Grads:
    n_count, channels, height, width = x.shape
    filters, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    cols = _loop_cols(xp, kh, kw, stride, order="cae")
    d2 = dout.transpose(1, 0, 2, 3).reshape(filters, -1)
    dw = (d2 @ cols.T).reshape(w.shape)
    dcols = w.reshape(filters, -1).T @ d2
    dxp = np.zeros_like(xp)
    rows, starts = _starts(xp.shape[2], kh, stride, 1), _starts(xp.shape[3], kw, stride, 1)
    column = 0
    for n in range(n_count):
        for r0 in rows:
            for c0 in starts:
                patch = dcols[:, column].reshape(channels, kh, kw)
                dxp[n, :, r0 : r0 + kh, c0 : c0 + kw] = patch  # overwrites the overlaps
                column += 1
    dx = dxp[:, :, pad : pad + height, pad : pad + width]
    return dx, dw, d2.sum(axis=1)


# --- receptive field ----------------------------------------------------------------------


def _field_by_index_sets(layers: list[Layer]) -> tuple[int, int]:
    """Walk down from two neighbouring top units to the input positions they read."""
    first, second = np.array([0]), np.array([1])
    for kernel, stride, dilation in reversed(layers):
        taps = dilation * np.arange(kernel)
        first = np.unique(first[:, None] * stride + taps[None, :])
        second = np.unique(second[:, None] * stride + taps[None, :])
    return int(first.max() - first.min() + 1), int(second.min() - first.min())


def _field_cases() -> list[list[Layer]]:
    fixed: list[list[Layer]] = [
        [],
        [(3, 1, 1)] * 3,
        [(7, 2, 1), (3, 2, 1)],
        [(3, 2, 1)],
        [(3, 1, 1), (3, 1, 2), (3, 1, 4)],
        [(2, 2, 1)] * 4,
        [(1, 2, 1), (3, 1, 1)],
    ]
    rng = np.random.default_rng(73)
    for _ in range(120):
        depth = int(rng.integers(1, 7))
        fixed.append(
            [
                (int(rng.integers(1, 6)), int(rng.integers(1, 4)), int(rng.integers(1, 4)))
                for _ in range(depth)
            ]
        )
    return fixed


def _check_receptive_field(fn: Callable) -> None:
    for layers in _field_cases():
        want = _field_by_index_sets(layers)
        label = f"receptive field (r, jump) of (kernel, stride, dilation) layers {layers}"
        got = _ints(_call(fn, label, list(layers)), label)
        assert got == want, f"{label}: got {got}, the input positions give {want}"


def _field_current_stride(layers: list[Layer]) -> tuple[int, int]:
    r, j = 1, 1
    for k, s, d in layers:
        j *= s  # the jump updated before it is used
        r += (d * (k - 1) + 1 - 1) * j
    return r, j


def _field_dilation_ignored(layers: list[Layer]) -> tuple[int, int]:
    r, j = 1, 1
    for k, s, _ in layers:
        r += (k - 1) * j
        j *= s
    return r, j


# --- parameters and multiply-adds ---------------------------------------------------------

COST_CASES = [  # N, C, H, W, F, HH, WW, stride, pad
    (2, 3, 6, 5, 4, 3, 2, 1, 1),
    (1, 2, 7, 7, 3, 3, 3, 2, 1),
    (3, 1, 5, 6, 2, 1, 1, 1, 0),
    (1, 4, 8, 6, 2, 5, 3, 3, 2),
    (2, 2, 4, 4, 1, 4, 4, 1, 0),
]


def _check_conv_cost(fn: Callable) -> None:
    conv = _solution("conv")
    rng = np.random.default_rng(74)
    for n, c, h, wd, f, kh, kw, stride, pad in COST_CASES:
        x, w, b = (
            rng.normal(size=(n, c, h, wd)),
            rng.normal(size=(f, c, kh, kw)),
            rng.normal(size=f),
        )
        out, mults = _loop_conv(x, w, b, stride, pad)
        reference, _ = conv.conv_forward_naive(x, w, b, {"stride": stride, "pad": pad})
        _close(out, reference, "the counting loop itself")  # it counts a real convolution
        label = f"conv_cost{(n, c, h, wd, f, kh, kw, stride, pad)}"
        got = _ints(_call(fn, label, n, c, h, wd, f, kh, kw, stride, pad), label)
        want = (w.size + b.size, mults)
        assert got == want, f"{label}: (params, MACs) {got}, counted {want}"


def _check_affine_cost(fn: Callable) -> None:
    rng = np.random.default_rng(75)
    for n, d, m in [(1, 1, 1), (3, 4, 5), (2, 7, 3), (4, 2, 6)]:
        x, w, b = rng.normal(size=(n, d)), rng.normal(size=(d, m)), rng.normal(size=m)
        out, mults = np.zeros((n, m)), 0
        for row, col in np.ndindex(n, m):
            total = b[col]
            for k in range(d):
                total += x[row, k] * w[k, col]
                mults += 1
            out[row, col] = total
        _close(out, x @ w + b, "the counting loop itself")
        label = f"affine_cost({n}, {d}, {m})"
        got = _ints(_call(fn, label, n, d, m), label)
        assert got == (w.size + b.size, mults), (
            f"{label}: {got}, counted {(w.size + b.size, mults)}"
        )


def _conv_cost_without_channels(
    n: int, c: int, h: int, wd: int, f: int, kh: int, kw: int, stride: int, pad: int
) -> tuple[int, int]:
    ho, wo = (h + 2 * pad - kh) // stride + 1, (wd + 2 * pad - kw) // stride + 1
    return f * (kh * kw + 1), n * f * ho * wo * kh * kw  # a filter seen as 2-D


def _conv_cost_at_input_size(
    n: int, c: int, h: int, wd: int, f: int, kh: int, kw: int, stride: int, pad: int
) -> tuple[int, int]:
    return f * (c * kh * kw + 1), n * f * h * wd * c * kh * kw  # H, W for H', W'


def _affine_cost_without_bias(n: int, d: int, m: int) -> tuple[int, int]:
    return d * m, n * d * m


def _affine_cost_in_flops(n: int, d: int, m: int) -> tuple[int, int]:
    return d * m + m, 2 * n * d * m  # FLOPs where MACs were asked for


# --- dilated and transposed sizes ---------------------------------------------------------


def _check_dilated_size(fn: Callable) -> None:
    rng = np.random.default_rng(76)
    tried = 0
    while tried < 40:
        h, wd = (int(v) for v in rng.integers(1, 13, size=2))
        k, stride = int(rng.integers(1, 6)), int(rng.integers(1, 4))
        pad, dilation = int(rng.integers(0, 4)), int(rng.integers(1, 4))
        span = dilation * (k - 1) + 1
        if min(h, wd) + 2 * pad < span:
            continue  # no window fits: no output at all
        tried += 1
        x, w = rng.normal(size=(1, 1, h, wd)), rng.normal(size=(1, 1, k, k))
        out, _ = _loop_conv(x, w, np.zeros(1), stride, pad, dilation)
        for size, want in ((h, out.shape[2]), (wd, out.shape[3])):
            label = f"dilated_out_size(H={size}, K={k}, S={stride}, P={pad}, d={dilation})"
            got = _ints([_call(fn, label, size, k, stride, pad, dilation)], label)[0]
            assert got == want, f"{label}: {got}, the loop convolution gives {want}"


def _check_transposed_size(fn: Callable) -> None:
    """A transposed conv returns the input size of the conv it transposes; of the S sizes
    that conv maps to the same output, output_padding = 0 picks the smallest (PyTorch)."""
    rng = np.random.default_rng(77)
    tried = 0
    while tried < 60:
        h_in, k = int(rng.integers(1, 9)), int(rng.integers(1, 6))
        stride, pad, dilation = (int(v) for v in rng.integers([1, 0, 1], [4, 4, 4]))
        sources = [
            size
            for size in range(1, 200)
            if len(_starts(size + 2 * pad, k, stride, dilation)) == h_in
        ]
        if not sources or sources[0] == 1:
            continue  # no valid conv input, or the smallest would be below 1
        tried += 1
        for output_padding in range(stride):
            want = sources[0] + output_padding
            assert want in sources, "output_padding left the preimage: the test is wrong"
            label = (
                f"transposed_out_size(H={h_in}, K={k}, S={stride}, P={pad}, "
                f"d={dilation}, output_padding={output_padding})"
            )
            args = (h_in, k, stride, pad, dilation, output_padding)
            got = _ints([_call(fn, label, *args)], label)[0]
            assert got == want, f"{label}: {got}, but the conv maps {want} back to {h_in}"


def _dilated_size_dilation_ignored(h: int, k: int, s: int, p: int, d: int) -> int:
    return (h + 2 * p - k) // s + 1


def _dilated_size_without_the_minus_one(h: int, k: int, s: int, p: int, d: int) -> int:
    return (h + 2 * p - d * (k - 1)) // s + 1


def _transposed_size_padding_added(
    h: int, k: int, s: int, p: int, d: int, output_padding: int
) -> int:
    return (h - 1) * s + 2 * p + d * (k - 1) + output_padding + 1


def _transposed_size_output_padding_subtracted(
    h: int, k: int, s: int, p: int, d: int, output_padding: int
) -> int:
    return (h - 1) * s - 2 * p + d * (k - 1) - output_padding + 1


def _transposed_size_dilation_ignored(
    h: int, k: int, s: int, p: int, d: int, output_padding: int
) -> int:
    return (h - 1) * s - 2 * p + (k - 1) + output_padding + 1


# --- exports ------------------------------------------------------------------------------

CHECKS: dict[str, Callable[[Callable], None]] = {
    "layers-conv-backward-as-conv": _check_conv_backward_as_conv,
    "layers-im2col-forward": _check_im2col_forward,
    "layers-im2col-backward": _check_im2col_backward,
    "layers-receptive-field": _check_receptive_field,
    "layers-conv-cost": _check_conv_cost,
    "layers-affine-cost": _check_affine_cost,
    "layers-dilated-size": _check_dilated_size,
    "layers-transposed-size": _check_transposed_size,
}

EXPECTED: dict[str, list[str]] = {"layers": list(CHECKS)}

WRONG: list[tuple[str, Callable]] = [
    ("layers-conv-backward-as-conv", _conv_dx_filter_not_flipped),
    ("layers-conv-backward-as-conv", _conv_dx_channels_not_swapped),
    ("layers-conv-backward-as-conv", _conv_dw_dout_not_dilated),
    ("layers-im2col-forward", _im2col_rows_channels_last),
    ("layers-im2col-backward", _col2im_by_assignment),
    ("layers-receptive-field", _field_current_stride),
    ("layers-receptive-field", _field_dilation_ignored),
    ("layers-conv-cost", _conv_cost_without_channels),
    ("layers-conv-cost", _conv_cost_at_input_size),
    ("layers-affine-cost", _affine_cost_without_bias),
    ("layers-affine-cost", _affine_cost_in_flops),
    ("layers-dilated-size", _dilated_size_dilation_ignored),
    ("layers-dilated-size", _dilated_size_without_the_minus_one),
    ("layers-transposed-size", _transposed_size_padding_added),
    ("layers-transposed-size", _transposed_size_output_padding_subtracted),
    ("layers-transposed-size", _transposed_size_dilation_ignored),
]
