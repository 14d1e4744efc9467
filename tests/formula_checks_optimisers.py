"""Formula checks for the optimiser gap topics: Nesterov momentum in CS231n's and
PyTorch's rewritten forms, Adagrad, AdamW, linear warm-up with cosine decay, and
gradient clipping by global norm and by value.

Each check compares a cheatsheet block's function with an independent reference
written here by a different route:

- Nesterov: the look-ahead form of Sutskever et al., with the gradient evaluated at
  W + mu v, run for many steps on random quadratic losses. The rewritten forms store
  the look-ahead point, so what must be equal at every step is: the block's weights
  equal the reference's W + mu v, and the block's velocity equals the reference's v
  (for PyTorch's form, its buffer equals -v / lr);
- Adagrad: per-element Python loops that rebuild the accumulator at every step as an
  explicit sum of the squared gradient history;
- AdamW: bias-corrected moments rebuilt at every step from the whole gradient history
  as explicit weighted sums, and PyTorch's order of operations (shrink the weights by
  1 - lr * weight_decay, then take the Adam step);
- warm-up and cosine: the whole schedule built at once from np.linspace pieces (a ramp
  of K values ending at lr_max, then a cosine sampled at T - K evenly spaced angles
  from 0 to pi), plus the boundary steps asserted one by one;
- clipping: per-element loops for the global norm and for the clamp.

WRONG lists the conventions a candidate plausibly writes that each check must reject.
Loaded by tests/test_cheatsheets.py.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np


def _call(fn: Callable, label: str, *args, **kwargs):
    """Call a block's function; a shape or type error is a wrong answer, so it becomes
    an AssertionError."""
    try:
        return fn(*args, **kwargs)
    except (ValueError, IndexError, TypeError, ZeroDivisionError) as exc:
        raise AssertionError(f"{label}: the block raised {type(exc).__name__}: {exc}") from exc


# --- Nesterov momentum ----------------------------------------------------------------


class _Quadratic:
    """L(x) = 1/2 (x - c)^T A (x - c) on flattened x, A symmetric positive definite."""

    def __init__(self, rng: np.random.Generator, shape: tuple[int, ...]) -> None:
        n = int(np.prod(shape))
        q, _ = np.linalg.qr(rng.normal(size=(n, n)))
        self.a = q @ np.diag(rng.uniform(0.1, 10.0, size=n)) @ q.T
        self.c = rng.normal(size=shape) * 2.0
        self.shape = shape

    def grad(self, x: np.ndarray) -> np.ndarray:
        return (self.a @ (x - self.c).ravel()).reshape(self.shape)


NESTEROV_CASES = [  # shape, lr, mu, steps
    ((1,), 0.05, 0.9, 30),
    ((3,), 0.02, 0.9, 40),
    ((2, 3), 0.01, 0.99, 40),
    ((4,), 0.05, 0.0, 10),  # mu = 0: plain gradient descent
    ((5,), 0.08, 0.5, 25),
]


def _lookahead_path(
    loss: _Quadratic, w0: np.ndarray, lr: float, mu: float, steps: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """(W, v) after each step of the look-ahead form: gradient at W + mu v."""
    w, v, path = w0.copy(), np.zeros_like(w0), []
    for _ in range(steps):
        g = loss.grad(w + mu * v)
        v = mu * v - lr * g
        w = w + v
        path.append((w.copy(), v.copy()))
    return path


def _check_nesterov(fn: Callable, torch_form: bool) -> None:
    rng = np.random.default_rng(201 if torch_form else 200)
    name = "nesterov_torch_step" if torch_form else "nesterov_step"
    cases = [*NESTEROV_CASES, ((2,), 1e-2, 0.9, 15)]
    for k, (shape, lr, mu, steps) in enumerate(cases):
        defaults = k == len(cases) - 1  # lr = 1e-2 and mu = 0.9 left to the block
        loss = _Quadratic(rng, shape)
        w0 = rng.normal(size=shape)
        path = _lookahead_path(loss, w0, lr, mu, steps)
        w, state = w0.copy(), np.zeros(shape)
        for step, (w_ref, v_ref) in enumerate(path, start=1):
            label = f"{name} shape {shape}, lr {lr}, mu {mu}, step {step}"
            kwargs = {} if defaults else {"lr": lr, "mu": mu}
            w, state = _call(fn, label, w, loss.grad(w), state, **kwargs)
            assert np.shape(w) == shape, f"{label}: weights have shape {np.shape(w)}"
            # the block stores the look-ahead point W + mu v
            np.testing.assert_allclose(
                w, w_ref + mu * v_ref, rtol=1e-9, atol=1e-12,
                err_msg=f"{label}: stored weights are not the look-ahead form's W + mu v",
            )  # fmt: skip
            velocity = -lr * np.asarray(state) if torch_form else state
            what = "-lr * buffer" if torch_form else "velocity"
            np.testing.assert_allclose(
                velocity, v_ref, rtol=1e-9, atol=1e-12,
                err_msg=f"{label}: {what} is not the look-ahead form's v",
            )  # fmt: skip


def _check_nesterov_cs231n(fn: Callable) -> None:
    _check_nesterov(fn, torch_form=False)


def _check_nesterov_pytorch(fn: Callable) -> None:
    _check_nesterov(fn, torch_form=True)


def _nesterov_as_plain_momentum(w, dw, v, lr=1e-2, mu=0.9):
    v = mu * v - lr * dw
    return w + v, v


def _nesterov_torch_without_lookahead(w, dw, buf, lr=1e-2, mu=0.9):
    buf = mu * buf + dw
    return w - lr * buf, buf  # nesterov=False


def _nesterov_torch_old_buffer(w, dw, buf, lr=1e-2, mu=0.9):
    step = dw + mu * buf  # the buffer used before it is updated
    return w - lr * step, mu * buf + dw


# --- Adagrad --------------------------------------------------------------------------


def _adagrad_path(
    w0: np.ndarray, grads: list[np.ndarray], lr: float, eps: float
) -> list[np.ndarray]:
    """Weights after each step, element by element, the accumulator summed afresh."""
    w = w0.astype(float).ravel().copy()
    flat = [g.ravel() for g in grads]
    path = []
    for t in range(len(flat)):
        for i in range(w.size):
            total = sum(flat[k][i] ** 2 for k in range(t + 1))
            w[i] -= lr * flat[t][i] / (math.sqrt(total) + eps)
        path.append(w.reshape(w0.shape).copy())
    return path


def _adagrad_grads(rng: np.random.Generator, shape: tuple[int, ...], steps: int) -> list:
    scales = 10.0 ** rng.uniform(-6, 2, size=shape)  # tiny to large, per element
    grads = [rng.normal(size=shape) * scales for _ in range(steps)]
    grads[0].ravel()[0] = 0.0  # a sparse start: no gradient yet for one element
    return grads


ADAGRAD_CASES = [((1,), 1e-2, 1e-10, 6), ((4,), 0.1, 1e-10, 12), ((2, 3), 0.5, 1e-8, 10)]


def _check_adagrad(fn: Callable) -> None:
    rng = np.random.default_rng(210)
    for shape, lr, eps, steps in [*ADAGRAD_CASES, ((3,), None, None, 8)]:
        defaults = lr is None  # PyTorch's lr = 1e-2 and eps = 1e-10 left to the block
        w0 = rng.normal(size=shape)
        grads = _adagrad_grads(rng, shape, steps)
        want = _adagrad_path(w0, grads, 1e-2 if defaults else lr, 1e-10 if defaults else eps)
        w, cache = w0.copy(), np.zeros(shape)
        for t, (g, w_ref) in enumerate(zip(grads, want, strict=True), start=1):
            label = f"adagrad_step shape {shape}, lr {lr}, eps {eps}, step {t}"
            kwargs = {} if defaults else {"lr": lr, "eps": eps}
            w, cache = _call(fn, label, w, g, cache, **kwargs)
            np.testing.assert_allclose(w, w_ref, rtol=1e-10, atol=1e-13, err_msg=label)
            sums = sum(grads[k] ** 2 for k in range(t))
            np.testing.assert_allclose(
                cache, sums, rtol=1e-12, atol=0, err_msg=f"{label}: accumulator"
            )


def _adagrad_decaying(w, dw, cache, lr=1e-2, eps=1e-10):
    cache = 0.9 * cache + 0.1 * dw**2  # RMSprop's average, not a sum
    return w - lr * dw / (np.sqrt(cache) + eps), cache


def _adagrad_old_cache(w, dw, cache, lr=1e-2, eps=1e-10):
    w = w - lr * dw / (np.sqrt(cache) + eps)  # the step before adding dw ** 2
    return w, cache + dw**2


def _adagrad_eps_inside(w, dw, cache, lr=1e-2, eps=1e-10):
    cache = cache + dw**2
    return w - lr * dw / np.sqrt(cache + eps), cache


# --- AdamW ----------------------------------------------------------------------------


def _corrected_moment(history: list[np.ndarray], beta: float) -> np.ndarray:
    """sum_k (1 - beta) beta^(t - k) x_k / (1 - beta^t), t = len(history), k from 1."""
    t = len(history)
    total = sum((1 - beta) * beta ** (t - k) * x for k, x in enumerate(history, start=1))
    return total / (1 - beta**t)


def _adamw_path(
    w0: np.ndarray, grads: list[np.ndarray], lr: float, b1: float, b2: float, eps: float,
    wd: float,
) -> list[np.ndarray]:  # fmt: skip
    """PyTorch's AdamW: decay the weights first, then the Adam step from moments of
    the loss gradients rebuilt from the whole history."""
    w, path = w0.copy(), []
    for t in range(1, len(grads) + 1):
        m_hat = _corrected_moment(grads[:t], b1)
        v_hat = _corrected_moment([g * g for g in grads[:t]], b2)
        w = w * (1 - lr * wd)
        w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
        path.append(w.copy())
    return path


ADAMW_CASES = [  # shape, lr, beta1, beta2, eps, weight_decay, steps
    ((1,), 1e-2, 0.9, 0.999, 1e-8, 0.1, 8),
    ((3,), 0.05, 0.9, 0.999, 1e-8, 0.5, 12),
    ((2, 2), 1e-2, 0.8, 0.99, 1e-6, 0.05, 10),
    ((4,), 1e-2, 0.9, 0.999, 1e-8, 0.0, 6),  # no decay: plain Adam
]


def _check_adamw(fn: Callable) -> None:
    rng = np.random.default_rng(220)
    cases = [*ADAMW_CASES, ((3,), None, None, None, None, None, 8)]
    for shape, lr, b1, b2, eps, wd, steps in cases:
        defaults = lr is None  # PyTorch's AdamW defaults left to the block
        w0 = rng.normal(size=shape) * 3.0
        scales = 10.0 ** rng.uniform(-3, 1, size=shape)
        grads = [rng.normal(size=shape) * scales for _ in range(steps)]
        params = (1e-3, 0.9, 0.999, 1e-8, 1e-2) if defaults else (lr, b1, b2, eps, wd)
        want = _adamw_path(w0, grads, *params)
        w, m, v, t = w0.copy(), np.zeros(shape), np.zeros(shape), 0
        for step, (g, w_ref) in enumerate(zip(grads, want, strict=True), start=1):
            label = f"adamw_step shape {shape}, lr {lr}, weight_decay {wd}, step {step}"
            kwargs = {} if defaults else {
                "lr": lr, "beta1": b1, "beta2": b2, "eps": eps, "weight_decay": wd,
            }  # fmt: skip
            w, m, v, t = _call(fn, label, w, g, m, v, t, **kwargs)
            assert t == step, f"{label}: t is {t}, expected {step}"
            np.testing.assert_allclose(w, w_ref, rtol=1e-9, atol=1e-12, err_msg=label)


def _adamw_as_l2(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2):
    dw = dw + weight_decay * w  # Adam with L2: the decay goes through the moments
    t = t + 1
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw**2
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v, t


def _adamw_decay_without_lr(
    w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2
):
    t = t + 1
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw**2
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps) - weight_decay * w, m, v, t


# --- warm-up and cosine decay ---------------------------------------------------------


def _schedule_by_pieces(total: int, warmup: int, lr_max: float, lr_min: float) -> np.ndarray:
    """The whole schedule: K ramp values ending at lr_max, then T - K cosine values
    from lr_max (angle 0) to lr_min (angle pi), angles evenly spaced."""
    ramp = np.linspace(lr_max / warmup, lr_max, warmup) if warmup else np.empty(0)
    angles = np.linspace(0.0, math.pi, total - warmup)
    decay = lr_min + (lr_max - lr_min) * (1.0 + np.cos(angles)) / 2.0
    return np.concatenate([ramp, decay])


SCHEDULE_CASES = [  # T, K, lr_max, lr_min
    (100, 10, 1e-3, 1e-5), (10, 1, 0.1, 0.0), (10, 0, 0.1, 0.01), (5, 3, 1.0, 0.1),
    (1000, 37, 3e-4, 3e-5), (12, 10, 2.0, 0.5), (50, 5, 6e-4, 0.0),
]  # fmt: skip


def _check_warmup_cosine(fn: Callable) -> None:
    for total, warmup, lr_max, lr_min in [*SCHEDULE_CASES, (40, 4, 1e-3, None)]:
        label = f"warmup_cosine_lr T {total}, K {warmup}, lr_max {lr_max}, lr_min {lr_min}"
        floor = 0.0 if lr_min is None else lr_min  # lr_min defaults to 0
        extra = () if lr_min is None else (lr_min,)
        got = np.array(
            [float(_call(fn, label, t, total, warmup, lr_max, *extra)) for t in range(total)]
        )
        named = {"step 0": (0, lr_max / warmup if warmup else lr_max),
                 "step T - 1 (the floor)": (total - 1, floor)}  # fmt: skip
        if warmup:
            named["step K - 1 (end of the ramp)"] = (warmup - 1, lr_max)
        named["step K (start of the cosine)"] = (warmup, lr_max)
        for what, (t, want) in named.items():
            assert math.isclose(got[t], want, rel_tol=1e-9, abs_tol=1e-15), (
                f"{label}: {what} gives {float(got[t])!r}, expected {want!r}"
            )
        np.testing.assert_allclose(
            got, _schedule_by_pieces(total, warmup, lr_max, floor), rtol=1e-9, atol=1e-15,
            err_msg=f"{label}: the schedule over steps 0 .. T - 1",
        )  # fmt: skip


def _cosine_part(lr_max: float, lr_min: float, p: float) -> float:
    return lr_min + 0.5 * (lr_max - lr_min) * (1 + math.cos(math.pi * p))


def _warmup_from_zero(t, total_steps, warmup_steps, lr_max, lr_min=0.0):
    if t < warmup_steps:
        return lr_max * t / warmup_steps  # Hugging Face's ramp: step 0 at 0
    p = (t - warmup_steps) / (total_steps - warmup_steps - 1)
    return _cosine_part(lr_max, lr_min, p)


def _cosine_short_of_floor(t, total_steps, warmup_steps, lr_max, lr_min=0.0):
    if t < warmup_steps:
        return lr_max * (t + 1) / warmup_steps
    p = (t - warmup_steps) / (total_steps - warmup_steps)  # never reaches 1
    return _cosine_part(lr_max, lr_min, p)


def _cosine_ignoring_warmup(t, total_steps, warmup_steps, lr_max, lr_min=0.0):
    if t < warmup_steps:
        return lr_max * (t + 1) / warmup_steps
    p = t / (total_steps - 1)  # the cosine over all T steps
    return _cosine_part(lr_max, lr_min, p)


# --- gradient clipping ----------------------------------------------------------------


def _global_norm_by_loops(grads: list[np.ndarray]) -> float:
    total = 0.0
    for g in grads:
        for x in np.asarray(g, dtype=float).ravel():
            total += float(x) * float(x)
    return math.sqrt(total)


def _clip_grads(rng: np.random.Generator) -> list[tuple[list[np.ndarray], float]]:
    """Gradient lists and max_norm values, none within 1e-3 of the threshold (where
    PyTorch's 1e-6 decides whether a hair of scaling happens)."""
    layers = [rng.normal(size=(4, 3)) * 5, rng.normal(size=3) * 0.1, rng.normal(size=(2, 2, 2))]
    cases = [
        ([rng.normal(size=5)], 0.5),
        ([rng.normal(size=5) * 0.01], 1.0),  # already short: untouched
        (layers, 1.0),
        (layers, 100.0),
        ([np.zeros((2, 3)), np.zeros(4)], 1.0),  # zero gradient: no 0 / 0
        ([np.array([3.0, 0.5]), np.array([[0.0], [4.0]])], 1.0),
        ([rng.normal(size=(3, 3)) * 100, np.full(2, 1e-3)], 5.0),
        ([np.array(2.5), rng.normal(size=4)], 0.25),  # a 0-d tensor too
    ]
    return cases


def _check_clip_grad_norm(fn: Callable) -> None:
    rng = np.random.default_rng(240)
    for k, (grads, max_norm) in enumerate(_clip_grads(rng)):
        label = f"clip_grad_norm case {k}, shapes {[g.shape for g in grads]}, max {max_norm}"
        norm = _global_norm_by_loops(grads)
        scale = max_norm / (norm + 1e-6) if norm > max_norm else 1.0
        out = _call(fn, label, [g.copy() for g in grads], max_norm)
        assert isinstance(out, tuple) and len(out) == 2, f"{label}: return (clipped, norm)"
        clipped, got_norm = out
        assert math.isclose(float(got_norm), norm, rel_tol=1e-12, abs_tol=1e-15), (
            f"{label}: returned norm {float(got_norm)!r}, expected the norm before "
            f"clipping {norm!r}"
        )
        assert len(clipped) == len(grads), f"{label}: {len(clipped)} tensors back"
        for i, (c, g) in enumerate(zip(clipped, grads, strict=True)):
            assert np.shape(c) == g.shape, f"{label}: tensor {i} has shape {np.shape(c)}"
            want = [float(x) * scale for x in g.ravel()]
            np.testing.assert_allclose(
                np.ravel(c), want, rtol=1e-12, atol=1e-15, err_msg=f"{label}: tensor {i}"
            )


def _clip_per_tensor(grads, max_norm):
    total = np.sqrt(sum(np.sum(g**2) for g in grads))
    clipped = [g * min(1.0, max_norm / (np.linalg.norm(g) + 1e-6)) for g in grads]
    return clipped, total


def _clip_by_value_as_norm(grads, max_norm):
    total = np.sqrt(sum(np.sum(g**2) for g in grads))
    return [np.clip(g, -max_norm, max_norm) for g in grads], total


def _clip_returns_norm_after(grads, max_norm):
    total = np.sqrt(sum(np.sum(g**2) for g in grads))
    clipped = [g * min(1.0, max_norm / (total + 1e-6)) for g in grads]
    return clipped, np.sqrt(sum(np.sum(g**2) for g in clipped))


def _check_clip_grad_value(fn: Callable) -> None:
    rng = np.random.default_rng(241)
    cases = [(grads, c) for grads, c in _clip_grads(rng)] + [
        ([np.array([-3.0, -0.5, 0.5, 3.0])], 1.0),
        ([rng.normal(size=(3, 4)) * 2], 0.0),  # c = 0: everything to 0
    ]
    for k, (grads, c) in enumerate(cases):
        label = f"clip_grad_value case {k}, clip_value {c}"
        clipped = _call(fn, label, [g.copy() for g in grads], c)
        assert len(clipped) == len(grads), f"{label}: {len(clipped)} tensors back"
        for i, (got, g) in enumerate(zip(clipped, grads, strict=True)):
            assert np.shape(got) == g.shape, f"{label}: tensor {i} has shape {np.shape(got)}"
            want = [max(-c, min(c, float(x))) for x in g.ravel()]
            np.testing.assert_allclose(
                np.ravel(got), want, rtol=0, atol=0, err_msg=f"{label}: tensor {i}"
            )


def _clip_value_upper_only(grads, clip_value):
    return [np.minimum(g, clip_value) for g in grads]


def _clip_value_by_max_abs(grads, clip_value):
    # scaling so the largest element is c keeps the direction: not a clamp
    return [g * min(1.0, clip_value / (np.abs(g).max() + 1e-12)) for g in grads]


CHECKS: dict[str, Callable[[Callable], None]] = {
    "optim-nesterov-cs231n": _check_nesterov_cs231n,
    "optim-nesterov-pytorch": _check_nesterov_pytorch,
    "optim-adagrad": _check_adagrad,
    "optim-adamw": _check_adamw,
    "optim-warmup-cosine": _check_warmup_cosine,
    "optim-clip-grad-norm": _check_clip_grad_norm,
    "optim-clip-grad-value": _check_clip_grad_value,
}

EXPECTED: dict[str, list[str]] = {"optimisers": list(CHECKS)}

WRONG: list[tuple[str, Callable]] = [
    ("optim-nesterov-cs231n", _nesterov_as_plain_momentum),
    ("optim-nesterov-pytorch", _nesterov_torch_without_lookahead),
    ("optim-nesterov-pytorch", _nesterov_torch_old_buffer),
    ("optim-adagrad", _adagrad_decaying),
    ("optim-adagrad", _adagrad_old_cache),
    ("optim-adagrad", _adagrad_eps_inside),
    ("optim-adamw", _adamw_as_l2),
    ("optim-adamw", _adamw_decay_without_lr),
    ("optim-warmup-cosine", _warmup_from_zero),
    ("optim-warmup-cosine", _cosine_short_of_floor),
    ("optim-warmup-cosine", _cosine_ignoring_warmup),
    ("optim-clip-grad-norm", _clip_per_tensor),
    ("optim-clip-grad-norm", _clip_by_value_as_norm),
    ("optim-clip-grad-norm", _clip_returns_norm_after),
    ("optim-clip-grad-value", _clip_value_upper_only),
    ("optim-clip-grad-value", _clip_value_by_max_abs),
]
