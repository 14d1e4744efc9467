"""The README stays true to the program: every subcommand is documented, and its
two commands are the ones CI runs."""

from __future__ import annotations

import argparse

from conftest import REPO

from checker.cli import build_parser

README = (REPO / "README.md").read_text(encoding="utf-8")


def _subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return list(action.choices)


def test_every_subcommand_is_in_the_readme():
    missing = [name for name in _subcommands() if f"`drill {name}" not in README]
    assert not missing, f"README does not document: {missing}"


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    test_command = 'pip install -e ".[test]" && pytest -n auto'
    assert test_command in README
    assert test_command in ci
