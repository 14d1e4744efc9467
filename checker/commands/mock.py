"""`drill mock`: a timed mock interview (the session itself is checker/mock.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from checker.app import App, UsageError

MIN_MINUTES, MAX_MINUTES, DEFAULT_MINUTES = 10, 180, 45


def add_parsers(sub: argparse._SubParsersAction) -> None:
    from checker.commands.completion import drill_ids

    p = sub.add_parser(
        "mock",
        help="a timed mock interview: one drill, then concept questions and Linux cards, "
        "then a scorecard",
        description=(
            "A mock interview. Coding: about 60% of the minutes for one drill (--drill, "
            "else the first due for review, else the one you started, else the next new "
            "one); its blank starter goes in your workspace (a file there is backed up "
            "first). Edit it, press Enter to check; Accepted or 'give up' ends the coding "
            "part, and when time runs out the file is checked as it stands. Then 3 concept "
            "questions on the drill's cheatsheet page and 2 Linux cards, graded and "
            "scheduled as in drill quiz and drill cards, until the time is up. The "
            "scorecard (per part: result, time, what to review) is saved; drill stats "
            "lists past ones. Checks in a mock do not count in the drill's review "
            "schedule. Ctrl-C stops and keeps the scorecard so far (exit 130)."
        ),
    )
    p.add_argument(
        "--minutes",
        type=int,
        default=DEFAULT_MINUTES,
        metavar="N",
        help=f"length of the whole mock in minutes, {MIN_MINUTES} to {MAX_MINUTES} "
        f"(default {DEFAULT_MINUTES})",
    )
    drill = p.add_argument("--drill", metavar="NAME", help="the drill to write, e.g. batchnorm")
    drill.completer = drill_ids  # type: ignore[attr-defined]
    p.add_argument(
        "--answers",
        type=Path,
        metavar="FILE",
        help="read input from FILE, one line each (stdin is read the same way when it is "
        "not a terminal): an empty line checks your file, 'give up' ends the coding part, "
        "the other lines answer the questions as in drill quiz --answers. A line "
        "'@wait MINUTES' answers nothing: the mock's clock moves on MINUTES, as if that "
        "much time had passed",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="print the scorecard as one JSON object and nothing else (at a terminal the "
        "mock itself goes to stderr)",
    )
    p.set_defaults(run=run_mock)


def run_mock(args: argparse.Namespace, app: App) -> int:
    from checker import mock
    from checker.catalogue import load_drill
    from checker.commands.quiz import Session, _grader, _quiet_console
    from checker.quiz.decks import load_decks
    from checker.quiz.scheduler import ReviewStore, make_scheduler
    from checker.render import mock as screen
    from checker.render.quiz import print_json

    # Everything that can refuse is asked before the workspace file is touched.
    if not MIN_MINUTES <= args.minutes <= MAX_MINUTES:
        raise UsageError(
            f"--minutes must be between {MIN_MINUTES} and {MAX_MINUTES} (got {args.minutes})"
        )
    console = _quiet_console(args, app)
    clock = mock.MockClock()
    now = clock.now()
    drill = load_drill(args.drill) if args.drill else mock.choose_drill(app, now)
    inputs = mock.open_input(args.answers, clock, console)
    decks = load_decks()
    reviews = ReviewStore(app.conn, make_scheduler(fuzzing=True))
    states = reviews.states()
    questions = mock.pick_questions(decks, drill, states, now)
    cards = mock.pick_cards(decks, states, now, reviews.order_seed())
    links = {d.id: d.cheatsheet for d in decks}
    card = mock.new_scorecard(
        drill, args.minutes, now, questions, cards, links, mock.retry_command(app, drill, now)
    )
    session = Session(
        store=reviews,
        console=console,
        answers=inputs,
        links=links,
        grader=_grader() if cards else None,
        clock=clock.utc_now,
    )
    path, backup = mock.place_blank(app.locations, drill)
    screen.show_intro(console, drill, path, backup, card)
    interview = mock.Interview(
        drill=drill,
        path=path,
        clock=clock,
        inputs=inputs,
        console=console,
        store=mock.MockStore(app.conn),
        session=session,
        questions=questions,
        cards=cards,
        scorecard=card,
    )
    status = interview.run()
    if args.json:
        print_json(card.to_json())
    return status
