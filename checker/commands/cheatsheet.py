"""`drill cheatsheet [NAME] [SECTION]`: read the cheatsheets in the terminal."""

from __future__ import annotations

import argparse

from checker.app import App, UsageError


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "cheatsheet",
        help="read a cheatsheet (no name: the list of pages)",
        description=(
            "Without NAME, list the pages and their sections. With NAME (any case), show "
            "that page; with SECTION too (a slug, a heading in any case, or an unambiguous "
            "prefix), only that section. NAME#SECTION works as well, as printed by drills "
            "and quizzes, and #SECTION alone finds the section on whichever page has it. "
            "On a terminal a long page opens in $PAGER (less by default); piped, or with "
            "--plain, the page is printed as markdown with formulas in Unicode."
        ),
    )
    p.add_argument("name", metavar="NAME", nargs="?", help="page, e.g. batchnorm")
    p.add_argument("section", metavar="SECTION", nargs="?", help="section, e.g. train-vs-test")
    p.add_argument("--no-pager", action="store_true", help="print straight to the terminal")
    p.add_argument(
        "--plain", action="store_true", help="print the markdown, formulas in Unicode, no styling"
    )
    p.set_defaults(run=run_cheatsheet)


def run_cheatsheet(args: argparse.Namespace, app: App) -> int:
    # Imported here, not at the top: building the parser (every command) must not
    # pay for the page parser and formula renderer.
    from checker.cheatsheets import (
        find_section,
        find_section_anywhere,
        load_all,
        load_page,
        split_link,
    )
    from checker.render.cheatsheet import show_index, show_markdown

    use_pager = not args.no_pager
    if not args.name:
        if args.section:
            raise UsageError(
                f"give a page before the section, e.g. drill cheatsheet batchnorm {args.section}"
            )
        show_index(app.console, load_all(), use_pager=use_pager, plain=args.plain)
        return 0
    name, linked = split_link(args.name)
    if linked and args.section:
        raise UsageError(f"give the section once: either '{args.name}' or '{name} {args.section}'")
    if not name and not linked:
        raise UsageError("give a page name, a section after '#', or nothing for the list")
    wanted = linked or args.section
    if not name:
        _, section = find_section_anywhere(wanted)
        text = section.text
    else:
        page = load_page(name)
        text = find_section(page, wanted).text if wanted else page.text
    show_markdown(app.console, text, use_pager=use_pager, plain=args.plain)
    return 0
