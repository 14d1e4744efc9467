"""Formula checks for training practice and regularisation: k-fold splits, the
update-to-weight ratio, the expected initial softmax loss and max-norm constraints.

Each check compares a cheatsheet block's function with an independent reference
written here by a different route (np.array_split and counting for the folds,
explicit sums of squares for the ratio, the drill's softmax loss on uniform and
tiny random scores for the initial loss, a per-column loop for max-norm), and
WRONG lists the conventions a candidate plausibly writes that each check must
reject. Loaded by tests/test_cheatsheets.py.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
from reference_solutions import load_solution

SOLUTIONS = Path(__file__).resolve().parent.parent / "solutions"


# --- k-fold cross-validation ----------------------------------------------------------

KFOLD_CASES = [(10, 3), (12, 4), (5, 5), (7, 2), (23, 5), (1, 1), (100, 7), (9, 8), (6, 1)]


def _reference_folds(n: int, k: int) -> list[np.ndarray]:
    """KFold without shuffling: np.array_split gives the first n % k parts one extra."""
    return np.array_split(np.arange(n), k)


def _check_kfold(fn: Callable) -> None:
    for n, k in KFOLD_CASES:
        label = f"kfold_splits(n={n}, k={k})"
        splits = list(fn(n, k))
        assert len(splits) == k, f"{label}: {len(splits)} folds, expected {k}"
        vals = [np.asarray(val) for _, val in splits]
        trains = [np.asarray(train) for train, _ in splits]
        # every index validated exactly once, by counting rather than by slicing
        counts = np.bincount(np.concatenate(vals).astype(int), minlength=n)
        assert counts.shape == (n,) and np.all(counts == 1), (
            f"{label}: validation counts per index {counts.tolist()}, expected all 1"
        )
        sizes = [len(v) for v in vals]
        assert max(sizes) - min(sizes) <= 1, f"{label}: fold sizes {sizes} differ by more than 1"
        for f, (train, val, want) in enumerate(
            zip(trains, vals, _reference_folds(n, k), strict=True)
        ):
            np.testing.assert_array_equal(
                np.sort(val), want, err_msg=f"{label}: validation fold {f}"
            )
            rest = np.array([i for i in range(n) if i not in set(want.tolist())], dtype=int)
            np.testing.assert_array_equal(
                np.sort(train), rest, err_msg=f"{label}: training indices of fold {f}"
            )


def _kfold_drops_remainder(n: int, k: int) -> list[tuple[np.ndarray, np.ndarray]]:
    size, idx = n // k, np.arange(n)
    return [
        (np.concatenate([idx[: f * size], idx[(f + 1) * size :]]), idx[f * size : (f + 1) * size])
        for f in range(k)
    ]


def _kfold_remainder_in_last_fold(n: int, k: int) -> list[tuple[np.ndarray, np.ndarray]]:
    size, idx = n // k, np.arange(n)
    bounds = [f * size for f in range(k)] + [n]
    return [
        (np.concatenate([idx[:a], idx[b:]]), idx[a:b])
        for a, b in zip(bounds[:-1], bounds[1:], strict=True)
    ]


def _kfold_trains_on_everything(n: int, k: int) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(np.arange(n), val) for val in np.array_split(np.arange(n), k)]


# --- the update-to-weight ratio -------------------------------------------------------


def _reference_ratio(W: np.ndarray, dW: np.ndarray, lr: float) -> float:
    """Explicit sums of squares over every element, one at a time."""
    update_sq = 0.0
    weight_sq = 0.0
    for w, g in zip(W.ravel().tolist(), dW.ravel().tolist(), strict=True):
        update_sq += (lr * g) ** 2
        weight_sq += w**2
    return math.sqrt(update_sq) / math.sqrt(weight_sq)


def _check_update_ratio(fn: Callable) -> None:
    rng = np.random.default_rng(71)
    cases = [((3, 4), 1e-3), ((1, 1), 0.5), ((7,), 3.0), ((2, 3, 3, 3), 1e-2), ((64, 32), 0.1)]
    for shape, lr in cases:
        W = rng.normal(scale=0.1, size=shape)
        dW = rng.normal(scale=rng.uniform(0.01, 5.0), size=shape)
        got = fn(W, dW, lr)
        want = _reference_ratio(W, dW, lr)
        np.testing.assert_allclose(
            float(got), want, rtol=1e-9, err_msg=f"update ratio, W {shape}, lr {lr}"
        )
    W = rng.normal(size=(4, 5))
    got = fn(W, np.zeros_like(W), 0.1)
    np.testing.assert_allclose(float(got), 0.0, atol=1e-15, err_msg="zero gradient: ratio 0")


def _ratio_without_lr(W: np.ndarray, dW: np.ndarray, lr: float) -> float:
    return float(np.linalg.norm(dW) / np.linalg.norm(W))


def _ratio_of_squared_norms(W: np.ndarray, dW: np.ndarray, lr: float) -> float:
    return float(np.sum((lr * dW) ** 2) / np.sum(W**2))


def _ratio_elementwise_mean(W: np.ndarray, dW: np.ndarray, lr: float) -> float:
    return float(np.mean(np.abs(lr * dW / W)))


# --- the expected initial loss ----------------------------------------------------------


def _softmax_loss() -> Callable:
    return load_solution("softmax_loss").softmax_loss


def _check_initial_loss(fn: Callable) -> None:
    softmax_loss = _softmax_loss()
    rng = np.random.default_rng(72)
    n = 400
    for c in (2, 3, 10, 100, 1000):
        y = rng.integers(0, c, size=n)
        uniform, _ = softmax_loss(np.zeros((n, c)), y)  # exactly uniform scores
        got = float(fn(c))
        np.testing.assert_allclose(got, uniform, rtol=1e-12, err_msg=f"initial loss, C={c}")
        tiny, _ = softmax_loss(1e-6 * rng.standard_normal((n, c)), y)  # a small random init
        np.testing.assert_allclose(
            got, tiny, rtol=1e-5, err_msg=f"initial loss vs tiny random scores, C={c}"
        )


def _initial_loss_log2(C: int) -> float:
    return float(np.log2(C))


def _initial_loss_log10(C: int) -> float:
    return float(np.log10(C))


# --- max-norm constraints --------------------------------------------------------------


def _reference_max_norm(W: np.ndarray, c: float) -> np.ndarray:
    """Column by column: a unit's incoming weights, scaled down only if too long."""
    out = np.array(W, dtype=float, copy=True)
    for j in range(out.shape[1]):
        norm = math.sqrt(sum(v * v for v in out[:, j].tolist()))
        if norm > c:
            out[:, j] = out[:, j] * (c / norm)
    return out


def _check_max_norm(fn: Callable) -> None:
    rng = np.random.default_rng(73)
    for (d, m), c in [((5, 4), 3.0), ((1, 6), 1.0), ((8, 1), 4.0), ((3, 7), 3.5), ((6, 6), 2.0)]:
        # column scales spread around c so some columns are clipped and some are not
        W = rng.normal(size=(d, m)) * rng.uniform(0.1, 3.0, size=(1, m)) * c / np.sqrt(d)
        want = _reference_max_norm(W, c)
        got = fn(W.copy(), c)
        np.testing.assert_allclose(
            got, want, rtol=1e-10, atol=1e-12, err_msg=f"max_norm W {W.shape}, c {c}"
        )
    # edge cases: a zero column, one exactly on the bound, one inside, one outside
    W = np.array([[0.0, 3.0, 1.0, 6.0], [0.0, 4.0, 1.0, 8.0]])
    np.testing.assert_allclose(
        fn(W.copy(), 5.0),
        _reference_max_norm(W, 5.0),
        rtol=1e-10,
        atol=1e-12,
        err_msg="max_norm edge columns (zero, on the bound, inside, outside)",
    )


def _max_norm_rows(W: np.ndarray, c: float = 3.0) -> np.ndarray:
    norms = np.linalg.norm(W, axis=1, keepdims=True)
    return W * np.minimum(1.0, c / np.maximum(norms, 1e-12))


def _max_norm_every_column_to_c(W: np.ndarray, c: float = 3.0) -> np.ndarray:
    norms = np.linalg.norm(W, axis=0, keepdims=True)
    return W * c / np.maximum(norms, 1e-12)


def _max_norm_clip_each_weight(W: np.ndarray, c: float = 3.0) -> np.ndarray:
    return np.clip(W, -c, c)


# --- the registry ------------------------------------------------------------------------

CHECKS: dict[str, Callable[[Callable], None]] = {
    "practice-kfold": _check_kfold,
    "practice-update-ratio": _check_update_ratio,
    "practice-initial-loss": _check_initial_loss,
    "practice-max-norm": _check_max_norm,
}

EXPECTED: dict[str, list[str]] = {
    "training-practice": ["practice-kfold", "practice-update-ratio", "practice-initial-loss"],
    "regularisation": ["practice-max-norm"],
}

WRONG: list[tuple[str, Callable]] = [
    ("practice-kfold", _kfold_drops_remainder),
    ("practice-kfold", _kfold_remainder_in_last_fold),
    ("practice-kfold", _kfold_trains_on_everything),
    ("practice-update-ratio", _ratio_without_lr),
    ("practice-update-ratio", _ratio_of_squared_norms),
    ("practice-update-ratio", _ratio_elementwise_mean),
    ("practice-initial-loss", _initial_loss_log2),
    ("practice-initial-loss", _initial_loss_log10),
    ("practice-max-norm", _max_norm_rows),
    ("practice-max-norm", _max_norm_every_column_to_c),
    ("practice-max-norm", _max_norm_clip_each_weight),
]
