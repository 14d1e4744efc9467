"""What one review session answered: the records `drill quiz/cards --json` prints.

One schema for both commands:
{"answers": [{"id", "typed", "outcome", "feedback", "warning", "next_review"}]}
where outcome is "right", "close", "wrong" or "not_graded" and next_review is an
ISO 8601 time (null when the answer was not graded, so nothing was scheduled).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

NOT_GRADED = "not_graded"


@dataclass(frozen=True)
class Answer:
    id: str
    typed: str
    outcome: str  # "right" | "close" | "wrong" | "not_graded"
    feedback: str = ""
    warning: str = ""
    next_review: datetime | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "typed": self.typed,
            "outcome": self.outcome,
            "feedback": self.feedback,
            "warning": self.warning,
            "next_review": self.next_review.isoformat() if self.next_review else None,
        }


def to_json(answers: list[Answer]) -> dict[str, object]:
    return {"answers": [a.to_json() for a in answers]}
