"""The outcome of grading one Linux-card answer: shared by the command and keys graders."""

from __future__ import annotations

from dataclasses import dataclass

RIGHT = "right"
CLOSE = "close"
WRONG = "wrong"
UNPARSEABLE = "unparseable"


@dataclass(frozen=True)
class ShellGrade:
    outcome: str  # "right" | "close" | "wrong" | "unparseable"
    feedback: str  # one or two sentences a learner can act on
    warning: str = ""  # what a dangerous command would do; never empty when dangerous
    closest: str = ""  # the accepted command the feedback compares with
