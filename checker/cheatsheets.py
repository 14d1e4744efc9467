"""Cheatsheet pages: parsing, section slugs, link resolution, LaTeX for the terminal.

A page is cheatsheets/<name>.md: an H1 title, a first paragraph that serves
as its one-line summary, then H2 sections (H3 subsections under
"Common mistakes"). Formulas are written as $...$ and $$...$$ so a code
hosting site renders them; the terminal gets readable unicode instead.
Links from drills, decks and verdicts are "page" or "page#slug".
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from checker.app import UsageError
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
    folder = root or cheatsheets_dir()
    path = folder / f"{name}.md"
    if not name or "/" in name or not path.is_file():
        names = page_names(folder)
        raise UnknownCheatsheet(
            f"no cheatsheet '{name}'{_did_you_mean(name, names)} (pages: {', '.join(names)})"
        )
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


# --- LaTeX to terminal text -------------------------------------------------

_SUB = dict(
    zip(
        "0123456789+-=()aehijklmnoprstuvxβγρφχ",
        "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ",
        strict=True,
    )
)
_SUP = dict(
    zip(
        "0123456789+-=()abcdefghijklmnoprstuvwxyzTβγδθφχ",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᵀᵝᵞᵟᶿᵠᵡ",
        strict=True,
    )
)
# A script argument with at most one level of nested braces, e.g. _{\hat{x}_i}.
_BRACED_SCRIPT = re.compile(r"([_^])\{((?:[^{}]|\{[^{}]*\})*)\}")
_BARE_SCRIPT = re.compile(r"([_^])([0-9A-Za-z+\-βγρφχδθ])")
_MATH = re.compile(r"\$\$(.+?)\$\$|(?<![\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$(?!\$)", re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_ASCII_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def _script(marker: str, text: str) -> str:
    """x_{t-1} -> xₜ₋₁ when unicode has every glyph, else x_(t-1)."""
    table = _SUB if marker == "_" else _SUP
    text = text.replace("−", "-").strip()
    if text and all(ch in table for ch in text.replace(" ", "")):
        return "".join(table[ch] for ch in text.replace(" ", ""))
    if len(text) == 1:
        return marker + text
    return f"{marker}({text})"


_SPACED = {
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "neq": "≠", "approx": "≈", "in": "∈",
    "times": "×", "cdot": "·", "leftarrow": "←", "gets": "←", "to": "→",
    "rightarrow": "→", "sim": "∼", "propto": "∝",
}  # fmt: skip


def _needs_brackets(text: str) -> bool:
    stripped = text.strip().removeprefix("-")  # a sign alone needs no brackets: -1/N
    if stripped.startswith("(") and stripped.endswith(")"):
        return False
    if stripped.startswith("√(") and stripped.endswith(")"):
        return False
    if re.fullmatch(r"\d+[^\d\s].*", stripped):  # 2m reads as 2 times m: λ/(2m)
        return True
    return any(ch in stripped for ch in " +-−=/·×")


def _frac(n, l2tobj) -> str:  # noqa: ANN001 - pylatexenc's callback signature
    parts = []
    for arg in n.nodeargd.argnlist[-2:]:
        text = l2tobj.nodelist_to_text([arg]).strip() if arg is not None else ""
        text = re.sub(r"∂\s+", "∂", text)  # \partial L reads as one symbol, ∂L
        parts.append(f"({text})" if _needs_brackets(text) else text)
    # A trailing space keeps 1/N apart from a following factor (1/N γ, not 1/Nγ).
    return "/".join(parts) + " "


@lru_cache(maxsize=1)
def _converter():  # noqa: ANN202 - pylatexenc has no type hints
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    db = get_default_latex_context_db()
    db.add_context_category(
        "drill",
        prepend=True,
        macros=[
            MacroTextSpec("frac", simplify_repl=_frac),
            MacroTextSpec("dfrac", simplify_repl=_frac),
            MacroTextSpec("tfrac", simplify_repl=_frac),
            MacroTextSpec("epsilon", "ε"),
            MacroTextSpec("varepsilon", "ε"),
            MacroTextSpec("lVert", "‖"),
            MacroTextSpec("rVert", "‖"),
            MacroTextSpec("odot", " ⊙ "),
            # Em spaces: wide gaps between formulas that whitespace collapsing leaves alone.
            MacroTextSpec("quad", "\u2003"),
            # Relations and operators keep the spaces around them (a ≤ b, not a ≤b).
            *(MacroTextSpec(name, f" {symbol} ") for name, symbol in _SPACED.items()),
            MacroTextSpec("qquad", "\u2003\u2003\u2003"),
        ],
    )
    return LatexNodes2Text(
        latex_context=db, math_mode="text", strict_latex_spaces="based-on-source"
    )


def _latex_piece(latex: str) -> str:
    return _converter().latex_to_text(latex)


def latex_to_text(latex: str) -> str:
    """One formula (without its dollars) as readable unicode."""
    previous = None
    # Innermost braced scripts first, so nested ones become plain text in turn.
    while previous != latex:
        previous = latex
        latex = _BRACED_SCRIPT.sub(
            # The leading {} stops a macro name swallowing the unicode: \sum{}ᵢ₌₁.
            lambda m: "{}" + _script(m.group(1), _latex_piece(m.group(2))),
            latex,
        )
    text = _latex_piece(latex)
    text = _BARE_SCRIPT.sub(lambda m: _script(m.group(1), m.group(2)), text)
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r" ([),\]])", r"\1", text).strip()


def _escape_markdown(text: str) -> str:
    # Unicode maths may contain *, _ or [ that markdown would read as markup.
    return _ASCII_PUNCT.sub(r"\\\1", text)


def _convert_prose(chunk: str) -> str:
    """Replace the maths in markdown prose, leaving inline code spans alone."""
    out = []
    last = 0
    for code in _CODE_SPAN.finditer(chunk):
        out.append(_convert_math(chunk[last : code.start()]))
        out.append(code.group(0))
        last = code.end()
    out.append(_convert_math(chunk[last:]))
    return "".join(out)


def _convert_math(prose: str) -> str:
    def replace(match: re.Match[str]) -> str:
        display, inline = match.group(1), match.group(2)
        if inline is not None:
            return _escape_markdown(latex_to_text(inline))
        # A display formula becomes a paragraph of its own, at the indentation of
        # its line so that it stays inside a list item.
        line_start = prose.rfind("\n", 0, match.start()) + 1
        indent = re.match(r"[ \t]*", prose[line_start:]).group(0)
        formula = _escape_markdown(latex_to_text(" ".join(display.split())))
        return f"\n\n{indent}{formula}\n\n{indent}"

    return _MATH.sub(replace, prose)


_CHECKS_MARKER = re.compile(r"^# checks: ")


def markdown_for_terminal(markdown: str) -> str:
    """A page's markdown with every $...$ / $$...$$ formula turned into unicode text.

    Fenced code blocks and inline code are left exactly as written, except the
    `# checks: ...` lines that tie a block to the tests: they are for us, not readers.
    """
    lines = [line for line in markdown.splitlines() if not _CHECKS_MARKER.match(line)]
    plain = _outside_fences(lines)
    out: list[str] = []
    chunk: list[str] = []
    for line, is_plain in zip(lines, plain, strict=True):
        if is_plain:
            chunk.append(line)
            continue
        if chunk:
            out.append(_convert_prose("\n".join(chunk)))
            chunk = []
        out.append(line)
    if chunk:
        out.append(_convert_prose("\n".join(chunk)))
    return "\n".join(out) + "\n"
