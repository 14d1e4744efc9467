"""`drill watch [NAME]`: re-check the drill's file on every save."""

from __future__ import annotations

import argparse
from pathlib import Path

from checker import clock
from checker.app import App, UsageError


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "watch",
        help="re-check your file on every save, the verdict on top (q or Ctrl-C quits)",
        description=(
            "Check the drill's workspace file now and again on every save, on a cleared "
            "screen. The judge stays warm between saves (the suite imported, a worker "
            "already jailed, the suite's examples recorded once and replayed), so a "
            "re-check takes a fraction of `drill check`; speed advice is left to `drill "
            "check`. Checks count in your progress and review schedule like `drill check`. "
            "q or Ctrl-C quits."
        ),
    )
    p.add_argument("name", metavar="NAME", nargs="?", help="drill id (default: current drill)")
    p.set_defaults(run=run_watch)


def run_watch(args: argparse.Namespace, app: App) -> int:
    from checker.commands.drills import _drill_or_current
    from checker.keys import QuitKey
    from checker.warm import WarmJudge
    from checker.workspace import user_file

    drill = _drill_or_current(app, args.name)
    path = user_file(app.locations, drill)
    if not path.is_file():
        raise UsageError(f"no file to watch at {path}: run `drill start {drill.id}` first")
    judge = WarmJudge(drill, path)
    try:
        with QuitKey() as keys:
            seen = _check(app, drill, path, judge)
            judge.warm_up()
            _watch(app, drill, path, judge, keys.pressed, seen)
    except KeyboardInterrupt:
        pass  # Ctrl-C is how a watch ends
    finally:
        judge.close()
    from checker.render.watch import show_stopped

    show_stopped(app.console)
    return 0


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def _watch(app: App, drill, path: Path, judge, stop, seen) -> None:
    from watchfiles import watch

    from checker.render.watch import show_watching

    def this_file(change: object, name: str) -> bool:
        return Path(name).name == path.name

    show_watching(app.console, path, clock.now())
    # step: how long the folder must be quiet before changes are yielded (an editor
    # writes in a burst: truncate, write, rename; 15 ms covers it). Every rust_timeout
    # an empty set comes back and the file's size and time are compared too: that
    # catches a save made before the watcher started, and file systems that send no
    # events.
    for changes in watch(
        path.parent,
        watch_filter=this_file,
        stop_event=stop,
        step=15,
        debounce=400,
        rust_timeout=250,
        yield_on_timeout=True,
        raise_interrupt=True,
        recursive=False,
    ):
        if stop.is_set():
            return
        if changes or _signature(path) != seen:
            seen = _check(app, drill, path, judge)
            show_watching(app.console, path, clock.now())


def _check(app: App, drill, path: Path, judge) -> tuple[int, int] | None:
    """Judge the file as it is now; returns the signature of what was judged."""
    from checker.commands.drills import judge_and_record, show_judged
    from checker.render import watch as screen

    seen = _signature(path)
    screen.begin(app.console)
    if app.console.is_terminal:
        screen.show_checking(app.console, path)
    try:
        judged = judge_and_record(app, drill, path, warm=judge)
    except UsageError as exc:  # mid-save, removed, too large: wait for the next save
        screen.show_problem(app.console, str(exc))
    else:
        if app.console.is_terminal:
            screen.begin(app.console)
        show_judged(app, drill, judged)
    return seen
