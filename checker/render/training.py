"""Screens about a drill's place in the review schedule: what `drill start` began,
and what an accepted check did to the schedule."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from rich.console import Console
from rich.text import Text

from checker.catalogue import Drill
from checker.training import Checked, Start


def span(delta: timedelta) -> str:
    """A duration the way a person says it: 40 min, 5 h, 3 days."""
    seconds = abs(delta.total_seconds())
    if seconds < 3600:
        minutes = max(round(seconds / 60), 1)
        return f"{minutes} min"
    if seconds < 2 * 86400:
        return f"{round(seconds / 3600)} h"
    return f"{round(seconds / 86400)} days"


def when(moment: datetime, now: datetime) -> str:
    """'in 3 days (Mon 30 Nov)', 'now', or '2 days ago' for a due time."""
    local = moment.astimezone(now.tzinfo)
    day = f"{local:%a} {local.day} {local:%b}"
    delta = moment - now
    if abs(delta.total_seconds()) < 60:
        return "now"
    if delta.total_seconds() > 0:
        return f"in {span(delta)} ({day})"
    return f"{span(delta)} ago"


def show_start(
    console: Console, drill: Drill, start: Start, now: datetime, saved: Path | None
) -> None:
    """The line under the task that says what kind of attempt this is."""
    target = f"target {drill.target_minutes} min"
    if start.kind == "review" and start.resumed and start.since is not None:
        began = datetime.fromtimestamp(start.since, now.tzinfo)
        console.print(
            Text(f"Review in progress: started {when(began, now)} ({target}).", style="bold")
        )
    elif start.kind == "review":
        due = f"was due {when(start.due, now)}" if start.due and start.due < now else "is due"
        console.print(
            Text.assemble(
                ("Review: ", "bold magenta"),
                f"{drill.id} {due}. Write it from memory in the blank starter; the clock "
                f"started now ({target}). Accepted fast and at the first check moves the "
                "next review further out.",
            )
        )
        if saved is not None:
            console.print(Text(f"Your previous file is saved as {saved}", style="dim"))
    elif start.kind == "practice" and start.due is not None:
        console.print(
            Text.assemble(
                ("Not due yet: ", "bold"),
                f"{drill.id} comes up for review {when(start.due, now)}. To practise from a "
                f"blank file now: drill reset {drill.id} (your file is backed up; the "
                "schedule does not change).",
            )
        )
    else:
        console.print(
            Text(
                f"A prepared candidate writes this in {drill.target_minutes} min; once accepted "
                "it comes back for review from memory.",
                style="dim",
            )
        )


def show_checked(console: Console, drill: Drill, checked: Checked, now: datetime) -> None:
    """After Accepted: how the attempt was rated and when the drill comes back."""
    if checked.outcome == "rated" and checked.rating is not None and checked.state is not None:
        attempt = checked.attempt
        details = [f"{checked.minutes:.0f} of {checked.target_minutes} min"]
        if attempt is not None:
            details.append(f"{attempt.failed_checks} failed check(s)")
            details.append(f"{attempt.hints} hint(s)")
            if attempt.solution_seen:
                details.append("solution seen")
        console.print(
            Text.assemble(
                ("Rated ", "bold"),
                (checked.rating.name.lower(), "bold cyan"),
                f" ({', '.join(details)}). ",
                ("Next review: ", "bold"),
                f"{when(checked.state.due, now)}: write it again from memory then.",
            )
        )
    elif checked.outcome == "practice":
        due = checked.state.due if checked.state is not None else None
        after = f" next review {when(due, now)}" if due is not None else ""
        console.print(Text(f"Practice: the schedule is unchanged;{after}.", style="dim"))
    elif checked.outcome == "due":
        console.print(
            Text(
                f"{drill.id} is due for review, but this file was not started as one: "
                f"`drill start {drill.id}` puts the blank starter in place (your file is "
                "backed up) and times the review.",
                style="yellow",
            )
        )


def checked_json(checked: Checked) -> dict[str, object]:
    """The `schedule` object of `drill check --json`."""
    data: dict[str, object] = {"outcome": checked.outcome}
    if checked.attempt is not None:
        data["attempt"] = checked.attempt.kind
        data["failed_checks"] = checked.attempt.failed_checks
        data["hints"] = checked.attempt.hints
        data["solution_seen"] = checked.attempt.solution_seen
    if checked.minutes is not None:
        data["minutes"] = round(checked.minutes, 2)
    if checked.rating is not None:
        data["rating"] = checked.rating.name.lower()
    if checked.state is not None:
        data["due"] = checked.state.due.isoformat()
    return data
