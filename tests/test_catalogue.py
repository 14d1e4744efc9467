"""Every drill's content is complete and consistent with its metadata."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from checker.catalogue import drill_ids, load_all, load_drill
from checker.followups import followups_for
from checker.suitekit import Suite

HERE = Path(__file__).resolve().parent / "drills"


def _signatures(path: Path) -> dict[str, list[str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name: [a.arg for a in node.args.posonlyargs + node.args.args]
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
    }


def test_catalogue_loads_and_ids_are_unique():
    drills = load_all()
    assert len({d.id for d in drills}) == len(drills) >= 1


@pytest.mark.parametrize("drill_id", drill_ids())
def test_starter_and_reference_match_the_contract(drill_id: str):
    drill = load_drill(drill_id)
    starter, reference = _signatures(drill.starter_path), _signatures(drill.solution_path)
    task = drill.task_path.read_text(encoding="utf-8")
    for spec in drill.functions:
        assert starter.get(spec.name) == list(spec.params), f"starter's {spec.name}"
        assert spec.name in reference, f"reference lacks {spec.name}"
        assert spec.name in task, f"task.md never names {spec.name}"


@pytest.mark.parametrize("drill_id", drill_ids())
def test_drill_has_hints_a_suite_and_followups(drill_id: str):
    drill = load_drill(drill_id)
    assert len(drill.hints) >= 3
    suite = importlib.import_module(drill.suite_module).suite
    assert isinstance(suite, Suite) and len(suite.props) >= 3
    found = [f.id for f in followups_for(drill)]
    assert 2 <= len(drill.followups) <= 3, "an interviewer's two or three follow-up questions"
    assert found == list(drill.followups), "every follow-up id must exist in a concept deck"


@pytest.mark.parametrize("drill_id", drill_ids())
def test_every_expected_diagnosis_is_a_declared_mistake(drill_id: str):
    declared = {m.name for m in load_drill(drill_id).mistakes}
    for path in sorted((HERE / drill_id / "wrong").glob("*.py")):
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        for line in doc.splitlines():
            if line.startswith("diagnosis:"):
                assert line.split(":", 1)[1].strip() in declared, path.name
