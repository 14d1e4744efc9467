"""Cheatsheet pages: parsing, section slugs, link resolution, LaTeX for the terminal.

A page is cheatsheets/<name>.md: an H1 title, a first paragraph that serves
as its one-line summary, then H2 sections (H3 subsections under
"Common mistakes"). Formulas are written as $...$ and $$...$$ so a code
hosting site renders them; the terminal gets readable Unicode instead
(checker/formulas.py).
Links from drills, decks and verdicts are "page" or "page#slug".
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from checker.app import UsageError
from checker.formulas import display_formulas, latex_to_text, unbroken
from checker.paths import cheatsheets_dir

_FENCE = re.compile(r"^(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


class UnknownCheatsheet(UsageError):
    """A link or command named a page or section that does not exist."""


@dataclass(frozen=True)
class Section:
    title: str
    slug: str
    level: int
    # The section's markdown, its own heading included, up to the next
    # heading of the same or a higher level (so an H2 carries its H3s).
    text: str


@dataclass(frozen=True)
class Page:
    name: str
    path: Path
    title: str
    summary: str
    text: str
    sections: tuple[Section, ...]

    @property
    def top_sections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.level == 2)

    def section(self, slug: str) -> Section | None:
        return next((s for s in self.sections if s.slug == slug), None)


@dataclass(frozen=True)
class CodeBlock:
    language: str
    code: str
    line: int  # 1-based line of the opening fence, for error messages


def slugify(heading: str) -> str:
    """GitHub's anchor rule: lower-case, keep letters, digits, spaces, '-' and '_',
    then spaces become hyphens ("Backward pass, staged" -> "backward-pass-staged")."""
    kept = "".join(ch for ch in heading.strip().lower() if ch.isalnum() or ch in " -_")
    return kept.replace(" ", "-")


def _outside_fences(lines: list[str]) -> list[bool]:
    """For each line, whether it is ordinary markdown (not inside a fenced block)."""
    flags = []
    fence: str | None = None
    for line in lines:
        match = _FENCE.match(line.lstrip())
        if fence is None and match:
            fence = match.group(1)
            flags.append(False)
        elif fence is not None:
            if line.strip().startswith(fence) and line.strip().strip(fence[0]) == "":
                fence = None
            flags.append(False)
        else:
            flags.append(True)
    return flags


def code_blocks(text: str) -> list[CodeBlock]:
    """Every fenced code block of a page, with its language tag."""
    blocks = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i].lstrip())
        if match:
            fence = match.group(1)
            language = lines[i].lstrip()[len(fence) :].strip()
            start = i
            i += 1
            body = []
            while i < len(lines) and lines[i].strip() != fence:
                body.append(lines[i])
                i += 1
            blocks.append(CodeBlock(language, "\n".join(body) + "\n", start + 1))
        i += 1
    return blocks


def parse_page(name: str, path: Path, text: str) -> Page:
    lines = text.splitlines()
    plain = _outside_fences(lines)
    headings: list[tuple[int, int, str]] = []  # (line index, level, title)
    for index, (line, is_plain) in enumerate(zip(lines, plain, strict=True)):
        match = _HEADING.match(line) if is_plain else None
        if match:
            headings.append((index, len(match.group(1)), match.group(2)))
    title = next((t for _, level, t in headings if level == 1), name)
    sections = []
    seen: dict[str, int] = {}
    for n, (index, level, heading) in enumerate(headings):
        if level == 1:
            continue
        end = next((i for i, lv, _ in headings[n + 1 :] if lv <= level), len(lines))
        slug = slugify(heading)
        # GitHub numbers repeated anchors: the second "Train vs test" is train-vs-test-1.
        if slug in seen:
            seen[slug] += 1
            slug = f"{slug}-{seen[slug]}"
        else:
            seen[slug] = 0
        sections.append(Section(heading, slug, level, "\n".join(lines[index:end]).strip() + "\n"))
    return Page(name, path, title, _summary(lines, plain), text, tuple(sections))


def _summary(lines: list[str], plain: list[bool]) -> str:
    """The first paragraph after the title: the page's one-line description."""
    paragraph: list[str] = []
    for line, is_plain in zip(lines, plain, strict=True):
        if not is_plain or _HEADING.match(line):
            if paragraph:
                break
            continue
        if line.strip():
            paragraph.append(line.strip())
        elif paragraph:
            break
    return " ".join(paragraph)


def page_names(root: Path | None = None) -> list[str]:
    folder = root or cheatsheets_dir()
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.md") if p.stem.lower() != "readme")


@lru_cache(maxsize=64)
def _load(path: Path, mtime: float) -> Page:
    # Keyed on mtime so an edited page is re-read; pages are immutable values.
    return parse_page(path.stem, path, path.read_text(encoding="utf-8"))


def load_page(name: str, root: Path | None = None) -> Page:
    """A page by name, in any case (BatchNorm is batchnorm)."""
    folder = root or cheatsheets_dir()
    names = page_names(folder)
    exact = name if name in names else next((n for n in names if n.lower() == name.lower()), None)
    if not name or "/" in name or exact is None:
        raise UnknownCheatsheet(
            f"no cheatsheet '{name}'{_did_you_mean(name, names)} (pages: {', '.join(names)})"
        )
    path = folder / f"{exact}.md"
    return _load(path, path.stat().st_mtime)


def load_all(root: Path | None = None) -> list[Page]:
    return [load_page(n, root) for n in page_names(root)]


def _did_you_mean(wrong: str, names: list[str]) -> str:
    close = difflib.get_close_matches(wrong.lower(), names, n=1, cutoff=0.5)
    return f"; did you mean '{close[0]}'?" if close else ""


def find_section(page: Page, query: str) -> Section:
    """A section by slug, by heading (any case), or by an unambiguous prefix of either."""
    wanted = query.strip().lower()
    for section in page.sections:
        if section.slug == wanted or section.title.lower() == wanted:
            return section
    as_slug = slugify(query)
    prefixed = [
        s
        for s in page.sections
        if (as_slug and s.slug.startswith(as_slug)) or s.title.lower().startswith(wanted)
    ]
    if len(prefixed) == 1:
        return prefixed[0]
    slugs = [s.slug for s in page.sections]
    if len(prefixed) > 1:
        raise UnknownCheatsheet(
            f"'{query}' matches several sections of {page.name}: "
            + ", ".join(s.slug for s in prefixed)
        )
    raise UnknownCheatsheet(
        f"no section '{query}' in cheatsheet {page.name}{_did_you_mean(as_slug, slugs)} "
        f"(sections: {', '.join(slugs)})"
    )


def find_section_anywhere(query: str, root: Path | None = None) -> tuple[Page, Section]:
    """A section named without its page ('#train'): found if exactly one page has
    a section that the query names (see find_section), else an error listing them."""
    found: list[tuple[Page, Section]] = []
    for page in load_all(root):
        try:
            found.append((page, find_section(page, query)))
        except UnknownCheatsheet:
            continue
    exact = [(p, s) for p, s in found if s.slug == query.strip().lower()]
    if len(exact) == 1:
        return exact[0]
    if len(found) == 1:
        return found[0]
    if not found:
        raise UnknownCheatsheet(
            f"no section '{query}' in any cheatsheet; list them with: drill cheatsheet"
        )
    raise UnknownCheatsheet(
        f"'#{query}' is in several cheatsheets; say which: "
        + ", ".join(f"{p.name}#{s.slug}" for p, s in found)
    )


def split_link(link: str) -> tuple[str, str | None]:
    name, _, slug = link.strip().partition("#")
    return name, (slug or None)


def resolve_link(link: str, root: Path | None = None) -> tuple[Path, str | None]:
    """The page file and exact section slug a "page" or "page#slug" link points at.

    Links are written by content authors, so the slug must match exactly; a
    missing page or section raises UnknownCheatsheet naming what exists.
    """
    name, slug = split_link(link)
    page = load_page(name, root)
    if slug is None:
        return page.path, None
    if page.section(slug) is None:
        slugs = [s.slug for s in page.sections]
        raise UnknownCheatsheet(
            f"link '{link}': no section '{slug}' in cheatsheet {name}"
            f"{_did_you_mean(slug, slugs)} (sections: {', '.join(slugs)})"
        )
    return page.path, slug


# --- formulas in the text -----------------------------------------------------------

_MATH = re.compile(r"\$\$(.+?)\$\$|(?<![\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$(?!\$)", re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_ASCII_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
_CHECKS_MARKER = re.compile(r"^# checks: ")
FORMULA_FENCE = "formula"  # the info string of a fenced block holding display formulas


def _escape_markdown(text: str) -> str:
    # Unicode maths may contain *, _ or [ that markdown would read as markup.
    return _ASCII_PUNCT.sub(r"\\\1", text)


def _line_indent(prose: str, position: int) -> str:
    line_start = prose.rfind("\n", 0, position) + 1
    return re.match(r"[ \t]*", prose[line_start:]).group(0)


def _for_terminal(prose: str) -> str:
    """Inline maths as escaped Unicode; each display becomes a fenced block of its
    formulas (with their break marks), at the indentation of its line so that it
    stays inside a list item. The renderer lays the block out to the width."""

    def replace(match: re.Match[str]) -> str:
        display, inline = match.group(1), match.group(2)
        if inline is not None:
            return _escape_markdown(latex_to_text(inline))
        indent = _line_indent(prose, match.start())
        lines = display_formulas(" ".join(display.split()))
        fence = "\n".join(f"{indent}{line}" for line in [f"```{FORMULA_FENCE}", *lines, "```"])
        return f"\n\n{fence}\n\n{indent}"

    return _MATH.sub(replace, prose)


def _as_plain(prose: str) -> str:
    """Inline maths as Unicode; each display formula on a line of its own, indented."""

    def replace(match: re.Match[str]) -> str:
        display, inline = match.group(1), match.group(2)
        if inline is not None:
            return latex_to_text(inline)
        indent = _line_indent(prose, match.start())
        lines = [unbroken(f) for f in display_formulas(" ".join(display.split()))]
        return "\n\n" + "\n".join(f"{indent}    {line}" for line in lines) + f"\n\n{indent}"

    return _MATH.sub(replace, prose)


def _convert(markdown: str, convert_maths: Callable[[str], str]) -> str:
    """The page with its maths converted outside code (fenced blocks and inline code
    are left exactly as written) and without the `# checks: ...` lines that tie a
    block to the tests: they are for us, not readers."""
    lines = [line for line in markdown.splitlines() if not _CHECKS_MARKER.match(line)]
    plain = _outside_fences(lines)
    out: list[str] = []
    chunk: list[str] = []

    def flush() -> None:
        if chunk:
            out.append(_outside_code_spans("\n".join(chunk), convert_maths))
            chunk.clear()

    for line, is_plain in zip(lines, plain, strict=True):
        if is_plain:
            chunk.append(line)
            continue
        flush()
        out.append(line)
    flush()
    text = "\n".join(out) + "\n"
    return re.sub(r"\n{3,}", "\n\n", text)


def _outside_code_spans(chunk: str, convert_maths: Callable[[str], str]) -> str:
    out = []
    last = 0
    for code in _CODE_SPAN.finditer(chunk):
        out.append(convert_maths(chunk[last : code.start()]))
        out.append(code.group(0))
        last = code.end()
    out.append(convert_maths(chunk[last:]))
    return "".join(out)


def formulas_in(markdown: str) -> list[tuple[str, bool]]:
    """Every formula of a page outside code, as (LaTeX, whether it is a display)."""
    lines = markdown.splitlines()
    prose = "\n".join(
        line if ok else "" for line, ok in zip(lines, _outside_fences(lines), strict=True)
    )
    prose = _CODE_SPAN.sub("", prose)
    return [(m.group(1) or m.group(2), m.group(1) is not None) for m in _MATH.finditer(prose)]


def markdown_for_terminal(markdown: str) -> str:
    """A page's markdown for rich to render: inline $...$ as Unicode text, each
    $$...$$ as a ```formula block the renderer fits to the terminal."""
    return _convert(markdown, _for_terminal)


def markdown_as_plain(markdown: str) -> str:
    """A page as plain text for a pipe or --plain: the markdown itself (headings,
    lists, code fences kept) with every formula in Unicode."""
    text = _convert(markdown, _as_plain)
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
