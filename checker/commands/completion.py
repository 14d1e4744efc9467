"""`drill completion bash|zsh`: the shell code that makes Tab complete drill's arguments.

Completion itself is argcomplete's protocol: the shell runs `drill` again with
_ARGCOMPLETE set, and `enable` answers with the words that fit. The completers
below list drill ids, cheatsheet pages and deck ids from the content folders;
they are plain functions, so attaching them costs nothing when not completing.
A positional left without a completer would complete file names (argcomplete's
default), which is why SECTION has one even though it follows NAME.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from checker.app import App, UsageError

SHELLS = ("bash", "zsh")
_LINUX_PREFIX = "linux-"


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "completion",
        help="print the shell code for Tab completion (bash or zsh)",
        description=(
            "Print the shell code that makes Tab complete drill's commands, drill ids, "
            "cheatsheet pages and deck ids. For bash, add this line to ~/.bashrc: "
            'eval "$(drill completion bash)". For zsh, add this line to ~/.zshrc, after '
            'compinit (autoload -Uz compinit && compinit): eval "$(drill completion zsh)". '
            "Then open a new shell."
        ),
    )
    p.add_argument("shell", choices=SHELLS, help="the shell to print the code for")
    p.set_defaults(run=run_completion)


def run_completion(args: argparse.Namespace, app: App) -> int:
    import argcomplete

    sys.stdout.write(argcomplete.shellcode(["drill"], shell=args.shell))
    sys.stdout.flush()
    return 0


def enable(parser: argparse.ArgumentParser) -> None:
    """Answer the shell's completion request and exit; a no-op unless the shell is completing."""
    if "_ARGCOMPLETE" not in os.environ:
        return
    import argcomplete

    argcomplete.autocomplete(parser)


# ------------------------------------------------------------------ completers
# argcomplete calls a completer with keyword arguments (prefix, action, parser,
# parsed_args) and keeps the words that start with the prefix itself.


def drill_ids(**_: object) -> list[str]:
    from checker.catalogue import drill_ids as ids

    try:
        return ids()
    except OSError:
        return []


def cheatsheet_pages(**_: object) -> list[str]:
    from checker.cheatsheets import page_names

    try:
        return page_names()
    except OSError:
        return []


def cheatsheet_sections(parsed_args: argparse.Namespace | None = None, **_: object) -> list[str]:
    """The section slugs of the page named before SECTION (none while NAME is unknown)."""
    from checker.cheatsheets import load_page

    name = getattr(parsed_args, "name", None)
    if not name or "#" in name:
        return []
    try:
        return [section.slug for section in load_page(name).sections]
    except (UsageError, OSError, UnicodeDecodeError):
        return []


def _deck_id(text: str) -> object:
    """The id in a deck file's [deck] table, parsing only the header when it can."""
    import tomllib

    header, found, _ = text.partition("\n[[")
    if found:
        try:
            deck = tomllib.loads(header).get("deck")
            if isinstance(deck, dict) and "id" in deck:
                return deck["id"]
        except tomllib.TOMLDecodeError:
            pass  # the cut fell inside a string: read the whole file
    deck = tomllib.loads(text).get("deck")
    return deck.get("id") if isinstance(deck, dict) else None


def deck_ids(kind: str) -> list[str]:
    """The ids of the decks of one kind ("concepts" or "linux"), sorted."""
    from checker.quiz.decks import deck_files, decks_dir

    ids = []
    for path in deck_files(decks_dir()):
        if path.parent.name != kind:
            continue
        try:
            deck_id = _deck_id(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        if isinstance(deck_id, str) and deck_id:
            ids.append(deck_id)
    return sorted(ids)


def concept_decks(**_: object) -> list[str]:
    return deck_ids("concepts")


def linux_decks(prefix: str = "", **_: object) -> list[str]:
    """Linux decks as `drill cards` takes them: without 'linux-', or with it once typed."""
    ids = deck_ids("linux")
    short = [i.removeprefix(_LINUX_PREFIX) for i in ids]
    if prefix and (prefix.startswith(_LINUX_PREFIX) or _LINUX_PREFIX.startswith(prefix)):
        return short + ids
    return short


COMPLETERS: dict[tuple[str, str], Callable[..., list[str]]] = {
    ("start", "name"): drill_ids,
    ("check", "name"): drill_ids,
    ("hint", "name"): drill_ids,
    ("solution", "name"): drill_ids,
    ("reset", "name"): drill_ids,
    ("cheatsheet", "name"): cheatsheet_pages,
    ("cheatsheet", "section"): cheatsheet_sections,
    ("quiz", "topic"): concept_decks,
    ("cards", "deck"): linux_decks,
}


def attach_completers(parser: argparse.ArgumentParser) -> None:
    """Set `.completer` on the positionals in COMPLETERS, found by subcommand name and dest."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for command, subparser in action.choices.items():
            for sub_action in subparser._actions:
                completer = COMPLETERS.get((command, sub_action.dest))
                if completer is not None:
                    sub_action.completer = completer  # type: ignore[attr-defined]
