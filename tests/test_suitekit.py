"""The comparison, description and verdict rules every hidden suite relies on."""

from __future__ import annotations

import types

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from checker.harness import _verdict
from checker.report import Failure, PropertyResult
from checker.sandbox import Worker
from checker.suitekit import Ctx, PropertyFailed, closeness, describe, numerical_gradient

finite_arrays = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=1, max_dims=3, max_side=5),
    elements=st.floats(-1e6, 1e6, allow_nan=False),
)


@given(finite_arrays)
def test_an_array_is_close_to_itself(a):
    assert closeness(a, a.copy(), rtol=0.0, atol=0.0).ok


magnitudes = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=1, max_dims=3, max_side=5),
    elements=st.floats(1e-6, 1e6) | st.floats(-1e6, -1e-6),
)


@given(magnitudes, st.sampled_from([1e-4, 1e-2, 1.0, 1e3]))
def test_relative_errors_are_judged_the_same_in_any_unit(a, unit):
    assert not closeness(a * (1 + 1e-4) * unit, a * unit, 1e-6, 0.0).ok
    assert closeness(a * (1 + 1e-9) * unit, a * unit, 1e-6, 0.0).ok


def test_nan_or_inf_where_a_finite_value_is_expected_always_fails():
    expected = np.array([1.0, 2.0, 3.0])
    for bad in (np.nan, np.inf, -np.inf):
        got = expected.copy()
        got[1] = bad
        result = closeness(got, expected, rtol=np.inf, atol=np.inf)
        assert not result.ok and result.worst == (1,)


def test_the_same_non_finite_value_counts_as_equal():
    expected = np.array([np.nan, np.inf, 1.0])
    assert closeness(expected.copy(), expected, 1e-6, 0.0).ok
    assert not closeness(np.array([np.inf, np.inf, 1.0]), expected, 1e-6, 0.0).ok


def test_atol_is_an_absolute_allowance():
    # Entries that cancel to ~1e-12 of a natural scale of 1: a rounding-level
    # difference passes with atol on that scale, a real error does not.
    expected = np.array([4.7069e-12, -4.7069e-12])
    assert closeness(expected + 1e-14, expected, 1e-6, atol=1e-9).ok
    assert not closeness(expected + 1e-6, expected, 1e-6, atol=1e-9).ok


def test_a_misplaced_epsilon_is_outside_the_default_tolerance():
    var = np.array([0.5, 1.0, 2.0])
    right = 1 / np.sqrt(var + 1e-5)
    wrong = 1 / (np.sqrt(var) + 1e-5)
    assert not closeness(wrong, right, 1e-6, 0.0).ok


@given(
    hnp.arrays(
        np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=4), elements=st.floats(-3, 3)
    )
)
def test_numerical_gradient_matches_a_known_gradient_and_leaves_x_alone(x):
    before = x.copy()
    grad = numerical_gradient(lambda v: float(np.sum(v**3)), x, 1e-5)
    np.testing.assert_allclose(grad, 3 * before**2, rtol=1e-6, atol=1e-8)
    np.testing.assert_array_equal(x, before)


@given(
    st.one_of(
        st.none(),
        st.integers(),
        st.text(),
        finite_arrays,
        st.dictionaries(st.text(max_size=5), finite_arrays, max_size=3),
        hnp.arrays(np.float64, (3,), elements=st.sampled_from([np.nan, np.inf, 0.0])),
    )
)
def test_describe_is_short_and_never_fails(value):
    text = describe(value)
    assert isinstance(text, str) and len(text) < 2000


def test_small_values_keep_their_significant_digits():
    assert "0.00019" in describe(np.array([1.9e-4, 2.0]))


def _prop(status: str, kind: str | None = None) -> PropertyResult:
    failure = Failure(kind, "x is not implemented yet") if kind else None
    return PropertyResult("p", status, "", failure)


def test_never_accepted_when_a_property_did_not_run():
    verdict, summary, _ = _verdict([_prop("passed"), _prop("skipped")])
    assert verdict == "time_limit" and "1 of 2" in summary


def test_first_failure_decides_the_verdict():
    results = [_prop("passed"), _prop("failed", "wrong_shape"), _prop("failed", "wrong_answer")]
    assert _verdict(results)[0] == "wrong_shape"


def test_partly_implemented_is_not_implemented_yet():
    verdict, summary, _ = _verdict([_prop("passed"), _prop("not_implemented", "not_implemented")])
    assert verdict == "not_implemented" and "1 of 2 properties already pass" in summary


def _ctx_on(tmp_path, source: str):
    path = tmp_path / "answer.py"
    path.write_text(source, encoding="utf-8")
    worker = Worker(str(path), source)
    return worker, Ctx(worker, types.ModuleType("reference"), str(path), {}, 5.0)


def test_call_many_returns_each_result_and_fails_on_the_first_raise(tmp_path):
    source = "def half(x):\n    if x < 0:\n        raise ValueError('negative')\n    return x / 2\n"
    worker, ctx = _ctx_on(tmp_path, source)
    with worker:
        assert worker.load(5.0).raised is None
        assert ctx.call_many("half", [(2.0,), (4.0,), (6.0,)]) == [1.0, 2.0, 3.0]
        assert ctx.call_many("half", []) == []
        with pytest.raises(PropertyFailed) as failed:
            ctx.call_many("half", [(2.0,), (-1.0,), (6.0,)])
        assert failed.value.failure.kind == "runtime_error"
        assert "negative" in failed.value.failure.summary
