"""Watch mode's fast path (checker.harness.replay) gives the verdict `drill check`
gives: for an answer that passes, hypothesis draws exactly the examples recorded
from the reference, and a replay never accepts a known wrong answer."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from checker.catalogue import drill_ids, load_drill
from checker.harness import Examples, evaluate, replay
from checker.sandbox import Worker

HERE = Path(__file__).parent / "drills"


def _record(drill, path: Path) -> tuple[str, Examples]:
    examples: Examples = {}
    with Worker(str(path), path.read_text(encoding="utf-8")) as worker:
        report = evaluate(drill, path, worker, timing=False, examples=examples)
    return report.verdict, examples


def _same(a: object, b: object) -> bool:
    if isinstance(a, np.ndarray):
        return (
            isinstance(b, np.ndarray)
            and a.shape == b.shape
            and a.dtype == b.dtype
            and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")
        )
    if isinstance(a, np.random.Generator):
        return isinstance(b, np.random.Generator) and _same(
            a.bit_generator.state, b.bit_generator.state
        )
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    if hasattr(a, "__dict__") and not isinstance(a, type):
        return type(a) is type(b) and _same(vars(a), vars(b))
    return a == b or (a != a and b != b)


def _replayed(drill, path: Path, examples: Examples):
    with Worker(str(path), path.read_text(encoding="utf-8")) as worker:
        return replay(drill, path, worker, examples)


@pytest.mark.parametrize("drill_id", drill_ids())
def test_replay_gives_the_checks_verdict(drill_id: str) -> None:
    drill = load_drill(drill_id)
    verdict, recorded = _record(drill, drill.solution_path)
    assert verdict == "accepted"
    assert recorded, "the reference drew no examples"

    right = sorted((HERE / drill_id / "right").glob("*.py"))
    assert right
    # A passing answer meets exactly the reference's examples, in the same order.
    verdict, theirs = _record(drill, right[0])
    assert verdict == "accepted"
    assert _same(recorded, theirs), "hypothesis drew different examples for a passing answer"
    for path in right[:2]:
        report = _replayed(drill, path, recorded)
        assert report is not None and report.verdict == "accepted", path.name
    # A wrong answer fails `drill check` at an example drawn before its first failure,
    # which the draws above show to be the reference's: the replay meets it too. A
    # sample of each drill's wrong answers confirms it (all of them cost CI minutes).
    for path in sorted((HERE / drill_id / "wrong").glob("*.py"))[::4]:
        assert _replayed(drill, path, recorded) is None, f"replay accepted {path.name}"
    assert _replayed(drill, drill.starter_path, recorded) is None
