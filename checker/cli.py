"""The `drill` command line: parses arguments and hands each command to its module.

Each module in checker/commands has `add_parser(subparsers)` and
`run(args, app) -> int`; rich and numpy are imported lazily by the commands
that need them, so `drill --help` stays fast.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading

from checker import __version__

# Everything else is imported inside main(), under its Ctrl-C handling: a Ctrl-C
# while drill is still starting is then "interrupted" too, never a traceback.


def build_parser() -> argparse.ArgumentParser:
    from checker.commands import cheatsheet as cheatsheet_commands
    from checker.commands import completion as completion_commands
    from checker.commands import drills as drill_commands
    from checker.commands import mock as mock_commands
    from checker.commands import quiz as quiz_commands
    from checker.commands import today as today_commands
    from checker.commands import watch as watch_commands
    from checker.paths import DEFAULT_WORKSPACE

    parser = argparse.ArgumentParser(
        prog="drill",
        description=(
            "Practise deep-learning interview questions in the terminal: hand-write "
            "layers and optimisers and have hidden property tests judge them, answer "
            "concept questions and Linux flashcards on a spaced-repetition schedule, "
            "and read cheatsheets."
        ),
        epilog=(
            f"Your files go to the workspace: --workspace, else $DRILL_WORKSPACE, else "
            f"{DEFAULT_WORKSPACE}. Progress is kept in $DRILL_HOME/progress.db "
            "(default ~/.local/share/drill). Run `drill` alone for today's plan; "
            "`drill next` starts its first step."
        ),
    )
    parser.add_argument("--version", action="version", version=f"drill {__version__}")
    workspace_help = "folder for your drill files (overrides $DRILL_WORKSPACE)"
    parser.add_argument("--workspace", metavar="DIR", help=workspace_help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands = (
        today_commands,
        drill_commands,
        watch_commands,
        mock_commands,
        cheatsheet_commands,
        quiz_commands,
    )
    for module in (*commands, completion_commands):
        module.add_parsers(sub)
    for command in sub.choices.values():
        # Accepted after the subcommand too; SUPPRESS keeps a value given before it.
        command.add_argument(
            "--workspace", metavar="DIR", default=argparse.SUPPRESS, help=workspace_help
        )
    return parser


class Terminated(BaseException):
    """SIGTERM or SIGHUP: unwind like Ctrl-C, so that a running check's worker and
    its folder are cleaned up before drill exits."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, frame: object) -> None:
    raise Terminated(signum)


def _redeliver(unraisable: sys.UnraisableHookArgs) -> None:
    """A stop that lands in a finaliser or weakref callback (an import lock's, say) is
    printed as "Exception ignored" and lost; send the signal again so it lands elsewhere."""
    exc = unraisable.exc_value
    if isinstance(exc, Terminated):
        signum = exc.signum
    elif isinstance(exc, KeyboardInterrupt):
        signum = signal.SIGINT
    else:
        sys.__unraisablehook__(unraisable)
        return
    # Raised from here it would be swallowed again: send it from outside, a moment later.
    timer = threading.Timer(0.01, os.kill, (os.getpid(), signum))
    timer.daemon = True
    timer.start()


def install_stop_handlers() -> None:
    """SIGTERM and SIGHUP unwind like Ctrl-C, and no stop is swallowed on the way."""
    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is not None:
            signal.signal(sig, _terminate)
    sys.unraisablehook = _redeliver


def main(argv: list[str] | None = None) -> int:
    install_stop_handlers()
    try:
        return _run(argv)
    except KeyboardInterrupt:
        sys.stderr.write("drill: error: interrupted\n")
        return 130
    except Terminated as exc:
        sys.stderr.write(f"drill: error: stopped by {signal.Signals(exc.signum).name}\n")
        return 128 + exc.signum


def _run(argv: list[str] | None) -> int:
    import sqlite3

    from checker.app import App, SetupError, UsageError
    from checker.catalogue import CatalogueError, UnknownDrill
    from checker.commands.completion import attach_completers, enable
    from checker.paths import resolve_locations
    from checker.store import StoreUnavailable

    parser = build_parser()
    attach_completers(parser)
    enable(parser)
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        from checker.commands.today import run_today

        args.run = run_today  # `drill` alone: today's plan
    app = App(resolve_locations(args.workspace))
    from checker.render.console import error

    try:
        return args.run(args, app)
    except (UsageError, UnknownDrill) as exc:
        error(str(exc))
        return 2
    except (StoreUnavailable, sqlite3.OperationalError) as exc:
        error(f"progress not saved: {exc}" if isinstance(exc, sqlite3.Error) else str(exc))
        return 1
    except CatalogueError as exc:
        error(f"drill's own content is broken: {exc}")
        return 3
    except SetupError as exc:
        error(str(exc))
        return 3
    except KeyboardInterrupt:
        error("interrupted")
        return 130
    except Terminated as exc:
        error(f"stopped by {signal.Signals(exc.signum).name}")
        return 128 + exc.signum
    except BrokenPipeError:
        # `drill check | head -1` closed the pipe: nothing to report, and the exit
        # status is still the command's own (a verdict's) when it is known.
        _silence_stdout()
        return app.exit_status if app.exit_status is not None else 141
    finally:
        app.close()


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
