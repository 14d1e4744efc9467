"""`drill cheatsheet [NAME] [SECTION]`: read the cheatsheets in the terminal."""

from __future__ import annotations

import argparse

from checker.app import App, UsageError
from checker.cheatsheets import find_section, load_all, load_page, split_link


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "cheatsheet",
        help="read a cheatsheet (no name: the list of pages)",
        description=(
            "Without NAME, list the pages. With NAME, show that page; with SECTION too "
            "(a slug, a heading in any case, or an unambiguous prefix), only that section. "
            "NAME#SECTION works as well, as printed by drills and quizzes."
        ),
    )
    p.add_argument("name", metavar="NAME", nargs="?", help="page, e.g. batchnorm")
    p.add_argument("section", metavar="SECTION", nargs="?", help="section, e.g. train-vs-test")
    p.add_argument("--no-pager", action="store_true", help="print straight to the terminal")
    p.set_defaults(run=run_cheatsheet)


def run_cheatsheet(args: argparse.Namespace, app: App) -> int:
    from checker.render.cheatsheet import show_index, show_markdown

    if not args.name:
        show_index(app.console, load_all())
        return 0
    name, linked = split_link(args.name)
    if linked and args.section:
        raise UsageError(f"give the section once: either '{args.name}' or '{name} {args.section}'")
    page = load_page(name)
    wanted = linked or args.section
    text = find_section(page, wanted).text if wanted else page.text
    show_markdown(app.console, text, use_pager=not args.no_pager)
    return 0
