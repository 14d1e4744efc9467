"""`drill list | start | check | hint | solution | reset | status`."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

from checker.app import App, UsageError
from checker.catalogue import TRACKS, Drill, load_all, load_drill
from checker.store import StoreUnavailable
from checker.workspace import WorkspaceError, place_starter, reset, user_file


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("list", help="the drills, by track, with your status")
    p.add_argument("--topic", help="only drills on this topic")
    p.add_argument("--track", choices=TRACKS, help="only drills in this track")
    p.add_argument(
        "--status", choices=("new", "started", "passed"), help="only drills with this status"
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

    p = sub.add_parser("hint", help="show the next hint for a drill")
    p.add_argument("name", metavar="NAME", nargs="?", help="drill id (default: current drill)")
    p.set_defaults(run=run_hint)

    p = sub.add_parser("solution", help="show the reference solution")
    p.add_argument("name", metavar="NAME", nargs="?", help="drill id (default: current drill)")
    p.add_argument("--yes", action="store_true", help="don't ask for confirmation")
    p.set_defaults(run=run_solution)

    p = sub.add_parser("reset", help="restore the starter file (your file is backed up first)")
    p.add_argument("name", metavar="NAME", help="drill id")
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
    from checker.render.drills import show_catalogue

    drills = load_all()
    progress = app.progress
    rows = [(d, progress.progress(d.id)) for d in drills]
    topics = sorted({d.topic for d in drills})
    if args.topic and args.topic not in topics:
        raise UsageError(f"no drills on topic '{args.topic}' (topics: {', '.join(topics)})")
    rows = [
        (d, p)
        for d, p in rows
        if (not args.topic or d.topic == args.topic)
        and (not args.track or d.track == args.track)
        and (not args.status or p.status == args.status)
    ]
    show_catalogue(app.console, rows, total=len(drills))
    return 0


def run_start(args: argparse.Namespace, app: App) -> int:
    from checker.render.drills import show_task

    drill = load_drill(args.name)
    try:
        placed = place_starter(app.locations, drill)
    except WorkspaceError as exc:
        raise UsageError(str(exc)) from None
    app.progress.mark_started(drill.id)
    show_task(app.console, drill, placed.path, placed.created)
    return 0


def run_check(args: argparse.Namespace, app: App) -> int:
    import time

    from checker.runner import check

    drill = _drill_or_current(app, args.name)
    path = args.file if args.file else user_file(app.locations, drill)
    started = time.perf_counter()
    report = check(drill, path)
    _record(app, drill.id, report.verdict, report.passed, time.perf_counter() - started)
    from checker.followups import followups_for

    followups = followups_for(drill) if report.passed else []
    if args.json:
        data = report.to_json()
        data["followups"] = [{"id": f.id, "prompt": f.prompt} for f in followups]
        json.dump(data, sys.stdout)
        sys.stdout.write("\n")
    else:
        from checker.render.verdict import show_followups, show_report

        steps = [] if report.passed else [f"Stuck? drill hint {drill.id}"]
        show_report(app.console, report, steps)
        if followups:
            show_followups(app.console, followups)
    return 0 if report.passed else 1


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
    shown = app.progress.next_hint(drill.id, len(drill.hints))
    show_hints(app.console, drill, shown)
    return 0


def run_solution(args: argparse.Namespace, app: App) -> int:
    from checker.render.drills import show_solution

    drill = _drill_or_current(app, args.name)
    if not args.yes and app.progress.progress(drill.id).status != "passed":
        if not sys.stdin.isatty():
            raise UsageError(
                f"you have not passed {drill.id} yet; add --yes to see the reference anyway"
            )
        answer = input(f"You have not passed {drill.id} yet. Show the reference anyway? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            return 1
    show_solution(app.console, drill)
    return 0


def run_reset(args: argparse.Namespace, app: App) -> int:
    drill = load_drill(args.name)
    try:
        saved = reset(app.locations, drill)
    except WorkspaceError as exc:
        raise UsageError(str(exc)) from None
    app.progress.mark_started(drill.id)
    path = user_file(app.locations, drill)
    if saved:
        app.console.print(f"Restored the starter at {path}; your previous file is saved as {saved}")
    else:
        app.console.print(f"Put the starter at {path} (there was no file to back up)")
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
