"""Screens for cheatsheets: the index of pages, and one page or section.

On a terminal a page is rendered markdown: display formulas are laid out to
the width (checker/formulas.py breaks them at top-level operators), and a code
line wider than the terminal is cropped with a marker rather than wrapped to
column 1, which would break Python's indentation. Piped or with --plain, the
page is its markdown with formulas in Unicode: headings kept, nothing padded.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import CodeBlock, Markdown
from rich.padding import Padding
from rich.segment import Segment
from rich.syntax import Syntax
from rich.text import Text

from checker.cheatsheets import (
    FORMULA_FENCE,
    Page,
    markdown_as_plain,
    markdown_for_terminal,
)
from checker.formulas import fit
from checker.pager import page_text

_FORMULA_INDENT = 4
_CROPPED = "›"  # shown in the last column of a code line cut at the terminal's edge


class _Block(CodeBlock):
    """A fenced block: formulas fitted to the width, code cropped, never wrapped."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        code = str(self.text).rstrip("\n")
        if self.lexer_name == FORMULA_FENCE:
            yield _formula_text(code, options.max_width)
            return
        syntax = Syntax(code, self.lexer_name, theme=self.theme, word_wrap=False, padding=1)
        widest = max((cell_len(line) for line in code.splitlines()), default=0) + 2
        if widest <= options.max_width:
            yield syntax
            return
        rows = console.render_lines(syntax, options.update(width=widest), pad=True)
        shown = options.max_width - 1
        code_lines = code.splitlines()
        for index, row in enumerate(rows):
            yield from Segment.adjust_line_length(row, shown)
            source = code_lines[index - 1] if 0 < index <= len(code_lines) else ""
            cropped = cell_len(source) + 1 > shown
            yield Segment(_CROPPED if cropped else " ", console.get_style("dim"))
            yield Segment.line()


def _formula_text(code: str, width: int) -> Text:
    room = max(width - _FORMULA_INDENT, 20)
    lines = [
        " " * _FORMULA_INDENT + line for formula in code.splitlines() for line in fit(formula, room)
    ]
    return Text("\n".join(lines), no_wrap=True, overflow="fold")


class PageMarkdown(Markdown):
    elements = {**Markdown.elements, "fence": _Block, "code_block": _Block}


def page_markdown(markdown: str) -> PageMarkdown:
    """The renderable for a page or section, its LaTeX already turned into Unicode."""
    return PageMarkdown(markdown_for_terminal(markdown), code_theme="monokai", hyperlinks=False)


def _plain(console: Console) -> bool:
    return not console.is_terminal


def show_markdown(console: Console, markdown: str, use_pager: bool, plain: bool = False) -> None:
    """A page or section: plain markdown when piped or asked for; otherwise
    rendered, through the pager when it is taller than the terminal."""
    if plain or _plain(console):
        _print_plain(console, markdown_as_plain(markdown))
        return
    _show(console, page_markdown(markdown), use_pager)


def _print_plain(console: Console, text: str) -> None:
    # soft_wrap: no wrapping and no padding to the width; markup off: [x] is text.
    console.print(text, end="", soft_wrap=True, markup=False, highlight=False, emoji=False)


def _show(console: Console, renderable: object, use_pager: bool) -> None:
    if use_pager and console.is_terminal:
        with console.capture() as capture:
            console.print(renderable)
        screen = capture.get()
        if screen.count("\n") > console.size.height:
            plain_screen = _without_styles(console, renderable)
            if page_text(screen, plain_screen):
                return
            console.file.write(screen)
            console.file.flush()
            return
    console.print(renderable)


def _without_styles(console: Console, renderable: object) -> str:
    """The same screen without colours, for a pager that cannot show them."""
    bare = Console(width=console.width, color_system=None, force_terminal=False, file=console.file)
    with bare.capture() as capture:
        bare.print(renderable)
    return capture.get()


def show_index(console: Console, pages: list[Page], use_pager: bool, plain: bool = False) -> None:
    """Every page with its summary and the slugs of its sections, which is what
    `drill cheatsheet PAGE#SLUG` takes. Slugs wrap between slugs, never inside."""
    if plain or _plain(console):
        _print_plain(console, _index_as_plain(pages))
        return
    parts: list[object] = [Text("Cheatsheets", style="bold"), Text("")]
    for page in pages:
        parts.append(Text.assemble((page.name, "bold cyan"), "  ", page.title))
        parts.append(Padding(page_markdown(page.summary), (0, 0, 0, 2)))
        slugs = Text("  ".join(f"#{s.slug}" for s in page.top_sections), style="dim")
        parts.append(Padding(slugs, (0, 0, 1, 2)))
    parts.append(
        Text(
            "Read one: drill cheatsheet PAGE [SECTION], or PAGE#SECTION "
            "(e.g. drill cheatsheet batchnorm#train-vs-test); --plain for text to pipe.",
            style="dim",
        )
    )
    _show(console, _Stack(*parts), use_pager)


def _index_as_plain(pages: list[Page]) -> str:
    lines = ["# Cheatsheets", ""]
    for page in pages:
        lines.append(f"## {page.name}: {page.title}")
        lines.append("")
        lines.append(markdown_as_plain(page.summary).strip())
        lines.append("")
        lines.extend(f"- {page.name}#{s.slug}" for s in page.top_sections)
        lines.append("")
    lines.append("Read one: drill cheatsheet PAGE [SECTION], or PAGE#SECTION")
    return "\n".join(lines) + "\n"


class _Stack:
    """Renderables one after another, captured and paged as one screen."""

    def __init__(self, *parts: object) -> None:
        self.parts = parts

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.parts
