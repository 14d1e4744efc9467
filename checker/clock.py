"""The one place drill asks what time it is.

$DRILL_FAKE_NOW (an ISO 8601 time, e.g. 2026-01-05T09:00:00+00:00) pins the
clock, so the scripted end-to-end tests can make a review due or an attempt
slow without waiting; it is read on every call, never cached. A value that is
not a valid time is ignored rather than trusted, so a typo cannot move a
learner's schedule.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

FAKE_NOW = "DRILL_FAKE_NOW"


def now() -> datetime:
    """The current time, timezone-aware, in the learner's local zone."""
    fake = os.environ.get(FAKE_NOW)
    if fake:
        try:
            moment = datetime.fromisoformat(fake)
        except ValueError:
            moment = None
        if moment is not None:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            return moment.astimezone()
    return datetime.now().astimezone()


def utc_now() -> datetime:
    return now().astimezone(UTC)


def timestamp() -> float:
    """Seconds since the epoch, for the progress tables that store REAL times."""
    return now().timestamp()
