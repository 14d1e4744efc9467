"""Every drill's hidden suite: the reference is accepted, the starter is "not
implemented yet", each named wrong implementation is rejected (with the expected
verdict and, where stated, the recognised mistake), each correct variant accepted.

Wrong and correct implementations live in tests/drills/<id>/wrong|right/*.py; a
wrong one's docstring states `verdict:` and optionally `diagnosis:`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from checker.catalogue import drill_ids, load_drill
from checker.runner import check

HERE = Path(__file__).resolve().parent / "drills"
HEADLINE = {"batchnorm", "dropout", "adam", "maxpool"}  # the core issue asks for more of these


def _files(kind: str) -> list[tuple[str, Path]]:
    return [
        (drill_id, path)
        for drill_id in drill_ids()
        for path in sorted((HERE / drill_id / kind).glob("*.py"))
    ]


def _expectations(path: Path) -> dict[str, str]:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    fields = {}
    for line in doc.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() in ("verdict", "diagnosis"):
            fields[key.strip()] = value.strip()
    return fields


def _id(item: tuple[str, Path]) -> str:
    return f"{item[0]}/{item[1].stem}"


@pytest.mark.parametrize("drill_id", drill_ids())
def test_reference_is_accepted(drill_id: str) -> None:
    drill = load_drill(drill_id)
    report = check(drill, drill.solution_path, timing=False)
    assert report.verdict == "accepted", report.summary


@pytest.mark.parametrize("drill_id", drill_ids())
def test_starter_is_not_implemented(drill_id: str) -> None:
    drill = load_drill(drill_id)
    report = check(drill, drill.starter_path, timing=False)
    assert report.verdict == "not_implemented", report.summary
    assert "untouched starter" in report.summary


@pytest.mark.parametrize("drill_id", drill_ids())
def test_enough_wrong_and_right_implementations(drill_id: str) -> None:
    wrong = list((HERE / drill_id / "wrong").glob("*.py"))
    right = list((HERE / drill_id / "right").glob("*.py"))
    need_wrong, need_right = (10, 3) if drill_id in HEADLINE else (6, 2)
    assert len(wrong) >= need_wrong, f"{drill_id}: {len(wrong)} named wrong implementations"
    assert len(right) >= need_right, f"{drill_id}: {len(right)} correct variants"


@pytest.mark.parametrize("item", _files("wrong"), ids=_id)
def test_wrong_implementation_is_rejected(item: tuple[str, Path]) -> None:
    drill_id, path = item
    expect = _expectations(path)
    assert "verdict" in expect, f"{path} must state the verdict it expects"
    report = check(load_drill(drill_id), path, timing=False)
    assert report.verdict != "accepted", f"{path.name} was accepted"
    assert report.verdict == expect["verdict"], f"{report.verdict}: {report.summary}"
    if "diagnosis" in expect:
        named = report.failure.mistake.name if report.failure and report.failure.mistake else None
        assert named == expect["diagnosis"], f"recognised {named!r}: {report.summary}"


@pytest.mark.parametrize("item", _files("right"), ids=_id)
def test_correct_variant_is_accepted(item: tuple[str, Path]) -> None:
    drill_id, path = item
    report = check(load_drill(drill_id), path, timing=False)
    assert report.verdict == "accepted", f"{report.verdict}: {report.summary}"
