"""Screens for cheatsheets: the index of pages, and one page or section."""

from __future__ import annotations

import os

from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table
from rich.text import Text

from checker.cheatsheets import Page, markdown_for_terminal


def show_index(console: Console, pages: list[Page]) -> None:
    table = Table(title="Cheatsheets", title_justify="left", show_lines=True)
    table.add_column("page", style="bold cyan", no_wrap=True)
    table.add_column("what it covers")
    table.add_column("sections", style="dim")
    for page in pages:
        table.add_row(
            page.name,
            Markdown(markdown_for_terminal(page.summary)),
            ", ".join(s.title for s in page.top_sections),
        )
    console.print(table)
    console.print(
        Text(
            "Read one: drill cheatsheet NAME [SECTION]  (e.g. drill cheatsheet batchnorm "
            "train-vs-test, or batchnorm#train-vs-test)",
            style="dim",
        )
    )


def page_markdown(markdown: str) -> Markdown:
    """The renderable for a page or section, its LaTeX already turned into unicode."""
    return Markdown(markdown_for_terminal(markdown), code_theme="monokai", hyperlinks=False)


def show_markdown(console: Console, markdown: str, use_pager: bool) -> None:
    """Print a page, through a pager when it is taller than the terminal.

    The pager is used only when asked for and stdout is a terminal; it keeps
    the colours (less needs -R for that, so LESS=-R is set if LESS is unset).
    """
    renderable = page_markdown(markdown)
    if use_pager and console.is_terminal:
        with console.capture() as capture:
            console.print(renderable)
        if capture.get().count("\n") > console.size.height:
            os.environ.setdefault("LESS", "-R")
            with console.pager(styles=True):
                console.print(renderable)
            return
    console.print(renderable)
