"""Grading Linux cards: typed commands by what the shell and the program make of them.

syntax.py reads a line with a real bash grammar, meaning.py normalises each
command through the program table (commands.toml), danger.py recognises
answers that would do damage (dangers.toml), compare.py grades and explains,
keys.py grades keystrokes.
"""

from __future__ import annotations

from pathlib import Path

from checker.quiz.shell.compare import Grader
from checker.quiz.shell.danger import load_rules
from checker.quiz.shell.keys import grade_keys
from checker.quiz.shell.outcome import CLOSE, RIGHT, UNPARSEABLE, WRONG, ShellGrade
from checker.quiz.shell.syntax import ParseError
from checker.quiz.shell.table import CommandTable, TableError, load_command_table

__all__ = [
    "CLOSE",
    "RIGHT",
    "UNPARSEABLE",
    "WRONG",
    "CommandTable",
    "Grader",
    "ParseError",
    "ShellGrade",
    "TableError",
    "grade_keys",
    "load_command_table",
    "load_grader",
]


def load_grader(folder: Path) -> Grader:
    """The grader for the Linux decks in `folder` (commands.toml and dangers.toml)."""
    table = load_command_table(folder / "commands.toml")
    rules, keys_rules = load_rules(folder / "dangers.toml", table)
    return Grader(table, rules, keys_rules)
