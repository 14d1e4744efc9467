"""Drills in spaced repetition: how an accepted attempt is rated for FSRS.

A drill is rated from what its attempt took, measured from `drill start` to
Accepted against the drill's target_minutes (drill.toml): the minutes, the
failed checks, the hints shown and whether the solution was seen. The rules
(also in the README; the table in tests/repetition/ratings.toml pins them):

    Again: the solution was shown during the attempt
    Hard:  over the target time, or 3+ failed checks, or 2+ hints
    Easy:  accepted at the first check, no hint, within half the target
    Good:  anything else

A very slow attempt that needed no solution is still recall, so it is Hard,
not Again.
"""

from __future__ import annotations

from dataclasses import dataclass

from fsrs import Rating

HARD_FAILED_CHECKS = 3
HARD_HINTS = 2


@dataclass(frozen=True)
class AttemptRecord:
    minutes: float
    failed_checks: int
    hints: int
    solution_seen: bool


def rate(attempt: AttemptRecord, target_minutes: float) -> Rating:
    """The FSRS rating of an accepted attempt (see the module docstring)."""
    if attempt.solution_seen:
        return Rating.Again
    if (
        attempt.minutes > target_minutes
        or attempt.failed_checks >= HARD_FAILED_CHECKS
        or attempt.hints >= HARD_HINTS
    ):
        return Rating.Hard
    if attempt.failed_checks == 0 and attempt.hints == 0 and attempt.minutes <= target_minutes / 2:
        return Rating.Easy
    return Rating.Good
