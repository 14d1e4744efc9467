"""`drill list | start | check | hint | solution | reset | status`."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from checker import clock
from checker.app import App, UsageError
from checker.catalogue import TRACKS, Drill, load_all, load_drill
from checker.store import StoreUnavailable
from checker.workspace import Placed, WorkspaceError, place_starter, reset, user_file

if TYPE_CHECKING:
    from checker.followups import FollowUp
    from checker.report import Report
    from checker.training import Checked, Training
    from checker.warm import WarmJudge


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("list", help="the drills, by track, with your status")
    p.add_argument("--topic", help="only drills on this topic")
    p.add_argument("--track", choices=TRACKS, help="only drills in this track")
    p.add_argument(
        "--status",
        choices=("new", "started", "passed", "due"),
        help="only drills with this status (due: passed and due for review; passed includes due)",
    )
    p.set_defaults(run=run_list)

    p = sub.add_parser(
        "start", help="put a drill's starter file in your workspace and show the task"
    )
    p.add_argument("name", metavar="NAME", help="drill id, e.g. batchnorm")
    p.set_defaults(run=run_start)

    p = sub.add_parser(
        "check",
        help="judge your file with the drill's hidden tests",
        description=(
            "Exit status: 0 accepted, 1 not accepted, 2 usage error, 3 drill could not run "
            "the check on this machine."
        ),
    )
    p.add_argument(
        "name", metavar="NAME", nargs="?", help="drill id (default: the drill last started)"
    )
    p.add_argument("--file", type=Path, help="check this file instead of the workspace copy")
    p.add_argument("--json", action="store_true", help="print one JSON object and nothing else")
    p.set_defaults(run=run_check)

    p = sub.add_parser(
        "hint",
        help="show the next hint for a drill",
        description=(
            "Show one more hint. Hints count against a review's rating: two or more make "
            "it Hard."
        ),
    )
    p.add_argument("name", metavar="NAME", nargs="?", help="drill id (default: current drill)")
    p.add_argument(
        "--all", action="store_true", help="show again every hint revealed so far (none new)"
    )
    p.set_defaults(run=run_hint)

    p = sub.add_parser("solution", help="show the reference solution")
    p.add_argument("name", metavar="NAME", nargs="?", help="drill id (default: current drill)")
    p.add_argument("--yes", action="store_true", help="don't ask for confirmation")
    p.set_defaults(run=run_solution)

    p = sub.add_parser(
        "reset",
        help="restore the starter file (your file is backed up first)",
        description=(
            "Put the blank starter back; your file is copied to .backups/ in the workspace "
            "first. For a drill you have passed and that is not due, this starts an unrated "
            "practice attempt."
        ),
    )
    p.add_argument("name", metavar="NAME", nargs="?", help="drill id (default: current drill)")
    p.set_defaults(run=run_reset)

    p = sub.add_parser(
        "status", help="workspace, current drill, progress, and what of the jail is in force"
    )
    p.set_defaults(run=run_status)


def _drill_or_current(app: App, name: str | None) -> Drill:
    if name:
        return load_drill(name)
    current = app.progress.current_drill()
    if current is None:
        raise UsageError("no drill started yet: name one, or run `drill start NAME` first")
    return load_drill(current)


def run_list(args: argparse.Namespace, app: App) -> int:
    import dataclasses

    from checker.render.drills import show_catalogue

    drills = load_all()
    training = _training(app)
    rows = []
    for drill in drills:
        prog = training.progress.progress(drill.id)
        if prog.status == "passed" and training.standing(drill.id).is_due(training.now):
            prog = dataclasses.replace(prog, status="due")
        rows.append((drill, prog))
    topics = sorted({d.topic for d in drills})
    if args.topic and args.topic not in topics:
        raise UsageError(f"no drills on topic '{args.topic}' (topics: {', '.join(topics)})")
    rows = [
        (d, p)
        for d, p in rows
        if (not args.topic or d.topic == args.topic)
        and (not args.track or d.track == args.track)
        and (
            not args.status
            or p.status == args.status
            or (args.status == "passed" and p.status == "due")
        )
    ]
    show_catalogue(app.console, rows, total=len(drills))
    return 0


def _training(app: App) -> Training:
    from checker.training import Training

    return Training(app.conn, clock.now())


def run_start(args: argparse.Namespace, app: App) -> int:
    from checker.render.drills import show_task
    from checker.render.training import show_start

    drill = load_drill(args.name)
    training = _training(app)
    start = training.plan_start(drill)
    saved = None
    try:
        if start.blank:
            # A due review is written from memory: the old answer must not be in view.
            saved = reset(app.locations, drill)
            placed = Placed(user_file(app.locations, drill), created=True)
        else:
            placed = place_starter(app.locations, drill)
    except WorkspaceError as exc:
        raise UsageError(str(exc)) from None
    training.begin_start(drill, start)
    app.progress.mark_started(drill.id)
    show_task(app.console, drill, placed.path, placed.created)
    show_start(app.console, drill, start, training.now, saved)
    return 0


def run_check(args: argparse.Namespace, app: App) -> int:
    drill = _drill_or_current(app, args.name)
    path = args.file if args.file else user_file(app.locations, drill)
    judged = judge_and_record(app, drill, path)
    app.exit_status = 0 if judged.report.passed else 1
    if args.json:
        from checker.followups import quiz_command
        from checker.render.training import checked_json

        data = judged.report.to_json()
        followups = judged.followups
        data["followups"] = [{"id": f.id, "prompt": f.prompt} for f in followups]
        data["followups_command"] = quiz_command(followups) if followups else None
        data["schedule"] = checked_json(judged.checked) if judged.checked is not None else None
        json.dump(data, sys.stdout)
        sys.stdout.write("\n")
    else:
        show_judged(app, drill, judged)
    return app.exit_status


@dataclass(frozen=True)
class Judged:
    report: Report
    checked: Checked | None  # what the check did to the attempt and the schedule
    followups: list[FollowUp]
    at: datetime


def judge_and_record(app: App, drill: Drill, path: Path, warm: WarmJudge | None = None) -> Judged:
    """Judge the file, count the check in the attempt and the schedule, save it:
    the part of a check that `drill check` and `drill watch` share."""
    import time

    from checker.followups import followups_for
    from checker.runner import check

    started = time.perf_counter()
    report = check(drill, path, warm=warm)
    now = clock.now()
    checked = _schedule(app, drill, report.passed)
    _record(app, drill.id, report.verdict, report.passed, time.perf_counter() - started)
    followups = followups_for(drill) if report.passed else []
    return Judged(report, checked, followups, now)


def show_judged(app: App, drill: Drill, judged: Judged) -> None:
    from checker.render.training import show_checked
    from checker.render.verdict import show_followups, show_report

    steps = [] if judged.report.passed else [f"Stuck? drill hint {drill.id}"]
    show_report(app.console, judged.report, steps)
    if judged.checked is not None:
        show_checked(app.console, drill, judged.checked, judged.at)
    if judged.followups:
        show_followups(app.console, judged.followups)


def _schedule(app: App, drill: Drill, passed: bool) -> Checked | None:
    """Count the check in the attempt and schedule an accepted one; if the database
    can't be written now, the verdict still shows."""
    from checker.render.console import warn

    try:
        return _training(app).check(drill, passed)
    except (StoreUnavailable, sqlite3.Error) as exc:
        warn(f"this check was not counted in your review schedule: {exc}")
        return None


def _record(app: App, drill_id: str, verdict: str, passed: bool, seconds: float) -> None:
    """Save the check; if the database can't be written now, the verdict still shows."""
    from checker.render.console import warn

    try:
        app.progress.record_check(drill_id, verdict, passed, seconds)
    except (StoreUnavailable, sqlite3.Error) as exc:
        warn(f"this check was not saved to your progress: {exc}")


def run_hint(args: argparse.Namespace, app: App) -> int:
    from checker.render.drills import show_hints

    drill = _drill_or_current(app, args.name)
    training = _training(app)
    available = len(drill.hints)
    if training.attempts.open(drill.id) is None and training.standing(drill.id).passed:
        # Passed and no attempt open: hints are for reading, they rate nothing.
        if args.all:
            shown = max(app.progress.hints_shown(drill.id), 1)
        else:
            shown = app.progress.next_hint(drill.id, available)
    else:
        current = training.hints_shown(drill)
        shown = max(current, 1) if args.all else current + 1
        training.hint(drill, min(shown, available))
    shown = min(shown, available)
    show_hints(app.console, drill, shown, show_all=args.all)
    return 0


def run_solution(args: argparse.Namespace, app: App) -> int:
    from checker.render.drills import show_solution

    drill = _drill_or_current(app, args.name)
    training = _training(app)
    attempt = training.attempts.open(drill.id)
    passed = training.standing(drill.id).passed
    if attempt is not None and attempt.kind == "review":
        question = f"You are reviewing {drill.id}: seeing the reference rates this review Again."
    elif not passed:
        question = f"You have not passed {drill.id} yet."
    else:
        question = ""
    if question and not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(f"{question} Add --yes to see the reference anyway.")
        if not _confirm(f"{question} Show the reference anyway? [y/N] "):
            app.console.print("Not shown.")
            return 0
    if attempt is not None or not passed:
        training.solution(drill)
    show_solution(app.console, drill)
    return 0


def _confirm(prompt: str) -> bool:
    """Yes only for y or yes: Enter, Ctrl-D and anything else mean no."""
    try:
        answer = input(prompt)
    except EOFError:
        sys.stdout.write("\n")
        return False
    return answer.strip().lower() in ("y", "yes")


def run_reset(args: argparse.Namespace, app: App) -> int:
    drill = _drill_or_current(app, args.name)
    try:
        saved = reset(app.locations, drill)
    except WorkspaceError as exc:
        raise UsageError(str(exc)) from None
    kind = _training(app).reset(drill)
    app.progress.mark_started(drill.id)
    path = user_file(app.locations, drill)
    if saved:
        app.console.print(f"Restored the starter at {path}; your previous file is saved as {saved}")
    else:
        app.console.print(f"Put the starter at {path} (there was no file to back up)")
    if kind == "practice":
        app.console.print("Practice attempt: judged as usual; the review schedule does not change.")
    elif kind == "review":
        app.console.print(f"Review of {drill.id} started: write it from memory.")
    return 0


def run_status(args: argparse.Namespace, app: App) -> int:
    from checker.render.drills import show_status

    progress = app.progress
    rows = [(d, progress.progress(d.id)) for d in load_all()]
    from checker.sandbox import probe

    show_status(
        app.console,
        app.locations.workspace,
        app.locations.database,
        progress.current_drill(),
        rows,
        probe(),
    )
    return 0
