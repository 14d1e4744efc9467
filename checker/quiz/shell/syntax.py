"""A typed command line as the shell reads it, from tree-sitter-bash's syntax tree.

The grader never runs what was typed: it only reads it. tree-sitter-bash is a
maintained bash grammar in C; it parses in linear time and marks, rather than
raises on, syntax errors. This module turns its tree into the few records the
grader needs: simple commands joined by operators, words that remember what
their quotes meant (`'$HOME'` is text, `"$HOME"` and `~` are the home
directory), and redirections in the order they were written.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

MAX_LENGTH = 1000  # one answer is one command line
MAX_DEPTH = 60  # syntax-tree depth: generous for any real answer, bounded for hostile ones
MAX_NESTING = 4  # command lines inside command lines ($(...), watch '...')

_GLOB = frozenset("*?[")
_DQ_ESCAPABLE = frozenset('$`"\\\n')
_SEPARATORS = {";": ";", "&": "&", "&&": "&&", "||": "||", "\n": ";"}
_UNSUPPORTED = {
    "for_statement": "a for loop",
    "c_style_for_statement": "a for loop",
    "while_statement": "a while loop",
    "if_statement": "an if statement",
    "case_statement": "a case statement",
    "function_definition": "a function definition",
    "negated_command": "a ! negation",
    "test_command": "a [ ... ] test",
    "heredoc_redirect": "a here-document",
}


class ParseError(Exception):
    """A line the grader cannot read: a shell syntax error, or beyond the limits above."""


@dataclass(frozen=True)
class Part:
    """A piece of a word: text (quoted or not), a variable, or a command substitution."""

    kind: str  # "text", "var", "subst" or "other" (arithmetic, ${x:-y}: compared as typed)
    value: str  # the text after quote removal, the variable name, or the inner line's key
    quoted: bool = False
    line: Line | None = None  # a command substitution's own command line


@dataclass(frozen=True)
class Word:
    parts: tuple[Part, ...]
    source: str  # as typed, for feedback

    @property
    def text(self) -> str:
        """What the program receives, with expansions written as ${NAME} / $(...)."""
        return "".join(_render(p) for p in self.parts)

    @property
    def key(self) -> str:
        """The word's meaning: equal keys mean the shell passes the same thing.

        Quoted characters that would be special unquoted are escaped (glob
        characters, a $ before a name, a leading ~), expansions are braced, and
        an unquoted leading tilde is already the home directory.
        """
        out: list[str] = []
        for part in self.parts:
            if part.kind != "text" or not part.quoted:
                out.append(_render(part))
                continue
            for k, ch in enumerate(part.value):
                at_start = not out and k == 0
                nxt = part.value[k + 1 : k + 2]
                special = (
                    ch in _GLOB
                    or ch == "\\"
                    or (ch == "~" and at_start)
                    or (ch == "$" and (nxt.isalnum() or nxt in ("_", "{", "(")))
                )
                out.append("\\" + ch if special else ch)
        return "".join(out)

    @property
    def literal(self) -> bool:
        return all(p.kind == "text" for p in self.parts)


def _render(part: Part) -> str:
    if part.kind == "var":
        return "${" + part.value + "}"
    if part.kind == "subst":
        return "$(" + part.value + ")"
    return part.value


@dataclass(frozen=True)
class Redirect:
    fd: int | None  # the descriptor written before the operator, if any
    op: str  # ">", ">>", "<", ">&", "<&", "&>", "&>>", ">|", "<<<"
    target: Word


@dataclass(frozen=True)
class Simple:
    """One simple command: assignments, words, redirections, as written."""

    assignments: tuple[tuple[str, Word], ...]
    words: tuple[Word, ...]
    redirects: tuple[Redirect, ...]
    source: str


@dataclass(frozen=True)
class Line:
    """Simple commands and the operators between them (|, |&, &&, ||, ;, &).

    `operators[i]` follows `stages[i]`; a trailing & or ; is the last operator.
    """

    stages: tuple[Simple, ...]
    operators: tuple[str, ...]

    @property
    def background(self) -> bool:
        return len(self.operators) == len(self.stages) and self.operators[-1] == "&"


@cache
def _parser():  # noqa: ANN202 - tree_sitter types are untyped
    import tree_sitter
    import tree_sitter_bash

    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_bash.language()))


def parse(text: str, nesting: int = 0, max_length: int = MAX_LENGTH) -> Line:
    """Read one typed line; ParseError with a one-line reason if it cannot be read."""
    if len(text) > max_length:
        raise ParseError(f"That is longer than {MAX_LENGTH} characters: type one command line.")
    if "\n" in text.strip() or "\r" in text:
        raise ParseError("Type the answer on one line.")
    if nesting > MAX_NESTING:
        raise ParseError("Commands nested that deep are not something this quiz grades.")
    if not text.strip():
        raise ParseError("Empty answer: type a command.")
    root = _parser().parse(_ascii_stand_in(text).encode("ascii")).root_node
    _check_tree(root, text)
    return _Reader(nesting, text).line(root)


def _check_tree(root, source: str) -> None:  # noqa: ANN001
    # Depth first, iteratively: a hostile line must not exhaust Python's stack.
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ParseError("That line is nested too deeply to be a command someone would type.")
        if node.type == "ERROR" or node.is_missing:
            raise ParseError(_syntax_message(node, source))
        if node.type in _UNSUPPORTED:
            raise ParseError(
                f"This quiz grades commands, pipes and lists; {_UNSUPPORTED[node.type]} "
                "is not something it can grade."
            )
        stack.extend((child, depth + 1) for child in node.children)


def _unbalanced_quotes(source: str) -> bool:
    quote = ""
    escaped = False
    for ch in source:
        if escaped:
            escaped = False
        elif ch == "\\" and quote != "'":
            escaped = True
        elif quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
    return bool(quote)


def _syntax_message(node, source: str) -> str:  # noqa: ANN001
    if _unbalanced_quotes(source):
        return "The quotes are not balanced: close every ' and \" you open."
    text = _text(node, source)
    if text.startswith(("'", '"')) or "'" in text or '"' in text:
        return "The quotes are not balanced: close every ' and \" you open."
    if node.is_missing:
        return "The line ends too early: an operator such as | or && needs a command after it."
    shown = text if len(text) <= 20 else text[:20] + "..."
    return f"The shell would reject this line (near `{shown}`)."


def _text(node, source: str) -> str:  # noqa: ANN001
    # The tree is of the ASCII stand-in, so byte offsets are character offsets of the source.
    return source[node.start_byte : node.end_byte]


def _ascii_stand_in(text: str) -> str:
    """The line with every character outside printable ASCII replaced by a letter.

    To bash every such character is an ordinary word character, as a letter is, so
    the syntax is unchanged; and tree-sitter-bash's scanner crashes on some of them
    (a `{` followed by U+E0FF5 at the start of a line segfaults version 0.25).
    """
    return "".join(ch if " " <= ch <= "~" or ch == "\t" else "a" for ch in text)


def _unescape_unquoted(text: str) -> list[Part]:
    """Backslash quotes the next character; runs of quoted and bare text become parts."""
    parts: list[Part] = []
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            parts.append(Part("text", text[i + 1], quoted=True))
            i += 2
        else:
            j = i
            while j < len(text) and text[j] != "\\":
                j += 1
            j = max(j, i + 1)
            parts.append(Part("text", text[i:j]))
            i = j
    return parts


def _unescape_double(text: str) -> str:
    out = []
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in _DQ_ESCAPABLE:
            out.append(text[i + 1])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


_ANSI_C = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", '"': '"', "a": "\a", "e": "\x1b"}


def _ansi_c(body: str) -> str:
    out = []
    i = 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            out.append(_ANSI_C.get(body[i + 1], "\\" + body[i + 1]))
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def _merge(parts: list[Part]) -> tuple[Part, ...]:
    merged: list[Part] = []
    for part in parts:
        if part.kind == "text" and not part.value:
            continue
        last = merged[-1] if merged else None
        if last and last.kind == part.kind == "text" and last.quoted == part.quoted:
            merged[-1] = Part("text", last.value + part.value, part.quoted)
        else:
            merged.append(part)
    return tuple(merged)


class _Reader:
    def __init__(self, nesting: int, source: str) -> None:
        self.nesting = nesting
        self.source = source

    def _text(self, node) -> str:  # noqa: ANN001
        return _text(node, self.source)

    # ------------------------------------------------------------ lines

    def line(self, root) -> Line:  # noqa: ANN001
        stages: list[Simple] = []
        operators: list[str] = []
        self._collect(root, stages, operators)
        if not stages:
            raise ParseError("Empty answer: type a command.")
        return Line(tuple(stages), tuple(operators))

    def _collect(self, node, stages: list[Simple], operators: list[str]) -> None:  # noqa: ANN001
        kind = node.type
        if kind in ("subshell", "compound_statement"):
            # `(grep x f)`, `{ a; b; }`: graded as the commands inside
            for child in node.children:
                if child.is_named and child.type != "comment":
                    self._collect(child, stages, operators)
                elif self._text(child) in _SEPARATORS and len(operators) == len(stages) - 1:
                    operators.append(_SEPARATORS[self._text(child)])
            return
        if kind in ("program", "list", "pipeline"):
            for child in node.children:
                if child.is_named:
                    if child.type != "comment":
                        self._collect(child, stages, operators)
                elif self._text(child) in _SEPARATORS or self._text(child) in ("|", "|&"):
                    op = _SEPARATORS.get(self._text(child), self._text(child))
                    if len(operators) != len(stages) - 1:
                        raise ParseError(f"The shell would reject this line (near `{op}`).")
                    operators.append(op)
                else:
                    near = self._text(child)
                    raise ParseError(f"The shell would reject this line (near `{near}`).")
                if len(operators) < len(stages) - 1:
                    raise ParseError("Two commands need an operator such as ; or && between them.")
            return
        if kind == "redirected_statement":
            body = node.child_by_field_name("body")
            redirects = [self._redirect(c) for c in node.children if c.type.endswith("redirect")]
            if body is not None:
                self._collect(body, stages, operators)
            else:
                stages.append(Simple((), (), (), self._text(node)))
            last = stages[-1]
            stages[-1] = Simple(
                last.assignments, last.words, last.redirects + tuple(redirects), self._text(node)
            )
            return
        if kind == "comment":
            return
        stages.append(self.simple(node))

    def simple(self, node) -> Simple:  # noqa: ANN001
        kind = node.type
        assignments: list[tuple[str, Word]] = []
        words: list[Word] = []
        redirects: list[Redirect] = []
        if kind == "variable_assignment":
            assignments.append(self._assignment(node))
        elif kind in ("declaration_command", "unset_command"):
            # export A=1 B: the builtin's name, then each assignment as NAME=value text
            for child in node.children:
                if not child.is_named:
                    words.append(Word((Part("text", self._text(child)),), self._text(child)))
                elif child.type == "variable_assignment":
                    name, value = self._assignment(child)
                    words.append(Word((Part("text", name + "="), *value.parts), self._text(child)))
                else:
                    words.append(self.word(child))
        elif kind == "command":
            for child in node.children:
                if child.type == "variable_assignment":
                    assignments.append(self._assignment(child))
                elif child.type.endswith("redirect"):
                    redirects.append(self._redirect(child))
                elif child.type == "command_name":
                    words.append(self.word(child.children[0]))
                elif child.is_named:
                    words.append(self.word(child))
        else:
            raise ParseError(f"`{self._text(node)[:30]}` is not something this quiz can grade.")
        return Simple(tuple(assignments), tuple(words), tuple(redirects), self._text(node))

    def _assignment(self, node) -> tuple[str, Word]:  # noqa: ANN001
        name = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        word = self.word(value, assignment=True) if value is not None else Word((), "")
        variable = self._text(name) if name is not None else ""
        if any(not c.is_named and self._text(c) == "+=" for c in node.children):
            # PATH+=:~/bin appends: the value is the old one followed by the new text
            word = Word((Part("var", variable), *word.parts), word.source)
        return (variable, word)

    def _redirect(self, node) -> Redirect:  # noqa: ANN001
        fd: int | None = None
        op = ""
        target: Word | None = None
        for child in node.children:
            if child.type == "file_descriptor":
                fd = int(self._text(child)) if self._text(child).isdigit() else None
            elif not child.is_named:
                op = self._text(child)
            elif target is None:
                target = self.word(child)
        if node.type == "herestring_redirect":
            op = "<<<"
        return Redirect(fd, op, target or Word((), ""))

    # ------------------------------------------------------------ words

    def word(self, node, assignment: bool = False) -> Word:  # noqa: ANN001
        parts = _merge(self._parts(node, quoted=False))
        if parts and parts[0].kind == "text" and not parts[0].quoted:
            parts = _tilde(parts, assignment)
        return Word(parts, self._text(node))

    def _parts(self, node, quoted: bool) -> list[Part]:  # noqa: ANN001
        kind = node.type
        text = self._text(node)
        if kind in ("word", "number", "variable_name", "special_variable_name"):
            return _unescape_unquoted(text) if not quoted else [Part("text", text, True)]
        if kind == "string_content":
            return [Part("text", _unescape_double(text), quoted=True)]
        if kind == "raw_string":
            return [Part("text", text[1:-1], quoted=True)]
        if kind == "ansi_c_string":
            return [Part("text", _ansi_c(text[2:-1]), quoted=True)]
        if kind == "string":
            parts: list[Part] = []
            inner = node.children[1:-1]  # between the double quotes
            for child in inner:
                parts += self._parts(child, quoted=True)
            return parts
        if kind == "concatenation":
            out: list[Part] = []
            for child in node.children:
                out += self._parts(child, quoted)
            return out
        if kind == "simple_expansion":
            name = text[1:]
            return [Part("var", name)] if name else [Part("text", "$", quoted)]
        if kind == "expansion":
            inner = text[2:-1]
            if inner.replace("_", "a").isalnum():
                return [Part("var", inner)]
            return [Part("other", text)]
        if kind == "command_substitution":
            body = text[2:-1] if text.startswith("$(") else text[1:-1]
            inner = parse(body, self.nesting + 1) if body.strip() else None
            return [Part("subst", line_key(inner) if inner else "", line=inner)]
        if not node.is_named:
            return [Part("text", text, quoted)]
        return [Part("other", text)]


def _tilde(parts: tuple[Part, ...], assignment: bool) -> tuple[Part, ...]:
    """An unquoted ~ at the start of a word (or after : in an assignment) is $HOME."""
    first = parts[0].value
    if first == "~" or first.startswith("~/"):
        rest = first[1:]
        head = [Part("var", "HOME")] + ([Part("text", rest)] if rest else [])
        return _merge([*head, *parts[1:]])
    if assignment and ":~" in first:
        pieces = first.split(":")
        out: list[Part] = []
        for k, piece in enumerate(pieces):
            if k:
                out.append(Part("text", ":"))
            if piece == "~" or piece.startswith("~/"):
                out += [Part("var", "HOME"), Part("text", piece[1:])]
            else:
                out.append(Part("text", piece))
        return _merge([*out, *parts[1:]])
    return parts


def line_key(line: Line) -> str:
    """A canonical text for a whole line, used for command substitutions."""
    out = []
    for k, stage in enumerate(line.stages):
        words = [f"{n}={w.key}" for n, w in stage.assignments] + [w.key for w in stage.words]
        words += [
            f"{r.fd if r.fd is not None else ''}{r.op}{r.target.key}" for r in stage.redirects
        ]
        out.append(" ".join(words))
        if k < len(line.operators):
            out.append(line.operators[k])
    return " ".join(out)
