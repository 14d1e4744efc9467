"""`drill` alone (today's plan) and `drill next` (start the plan's first step)."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TYPE_CHECKING

from checker import clock
from checker.app import App

if TYPE_CHECKING:  # the plan is imported only when one is made: `drill list` need not pay
    from checker.plan import Today


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "today",
        help="today's plan: reviews due, questions and cards due, the next new drill "
        "(also what `drill` alone shows)",
    )
    p.set_defaults(run=run_today)
    p = sub.add_parser(
        "next",
        help="start the first step of today's plan, whatever its kind",
        description=(
            "Start the first step of today's plan: a drill due for review (from a blank "
            "starter; your file is backed up), due questions or cards, the drill you are "
            "working on, or the next new drill."
        ),
    )
    p.set_defaults(run=run_next)


def today(app: App, now: datetime) -> Today:
    from checker.catalogue import load_all
    from checker.plan import build
    from checker.quiz.decks import load_decks
    from checker.quiz.scheduler import ReviewStore

    drills = load_all()
    progress = app.progress
    status = {d.id: progress.progress(d.id).status for d in drills}
    store = ReviewStore(app.conn)
    zone = now.tzinfo
    days = {r.reviewed_at.astimezone(zone).date() for r in store.reviews()}
    days |= {datetime.fromtimestamp(t, zone).date() for t in progress.check_times()}
    return build(
        drills, status, load_decks(), store.states(), progress.current_drill(), days, now
    )


def run_today(args: argparse.Namespace, app: App) -> int:
    from checker.render.plan import show_today

    now = clock.now()
    show_today(app.console, today(app, now), now)
    return 0


def run_next(args: argparse.Namespace, app: App) -> int:
    from checker.cli import build_parser

    plan = today(app, clock.now())
    if not plan.steps:
        app.console.print("Nothing to do today: every drill is learned and nothing is due.")
        return 0
    step = plan.steps[0]
    app.console.print(f"Next: drill {' '.join(step.command)}", style="dim")
    chosen = build_parser().parse_args(list(step.command))
    return chosen.run(chosen, app)
