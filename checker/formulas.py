"""LaTeX formulas as readable Unicode text for a terminal.

The cheatsheets write maths as LaTeX so that a code hosting site typesets it;
a terminal gets plain Unicode instead. Only the subset the pages use is read
(scripts, fractions, roots, accents, big operators, named functions, fonts,
delimiters, relations): a parser builds a small tree and the renderer works
innermost first, so a script inside a script keeps its structure
(e^{z_{ij}} -> e^(zᵢⱼ)). Conventions for what Unicode cannot typeset:

- a script becomes Unicode sub/superscripts when every glyph exists and it is
  short; otherwise it is written _(...) or ^(...), as AsciiMath does;
- a sum or product with both limits reads ∑ᵢ₌₁..N (lower limit as a
  subscript, "..", the upper limit at full size);
- a fraction is a/b with brackets wherever a reader could misparse it:
  around a numerator or denominator that is more than one factor, and around
  the whole fraction when a factor follows it ((λ/m) W, not λ/m W).

A display formula is laid out to a width: formulas separated by \\qquad go on
lines of their own, and a formula wider than the width is broken before a
top-level relation or +/- (or after a top-level comma), never inside brackets,
with continuation lines indented under the right-hand side.

Nothing here raises on bad input: unknown macros lose their backslash,
unbalanced braces are closed, and nesting deeper than a bound is flattened.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rich.cells import cell_len

# --- symbol tables ------------------------------------------------------------------

_GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ",
    "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "φ",
    "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ",
    "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ",
    "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}  # fmt: skip

_ORDINARY = {
    **_GREEK,
    "ell": "ℓ", "infty": "∞", "nabla": "∇", "forall": "∀", "exists": "∃", "emptyset": "∅",
    "top": "ᵀ", "intercal": "ᵀ", "prime": "'", "dots": "…", "ldots": "…", "cdots": "⋯",
    "vdots": "⋮", "%": "%", "#": "#", "&": "&", "$": "$", "_": "_", "{": "{", "}": "}",
    "|": "‖", "checkmark": "✓", "star": "⋆", "ast": "∗", "bullet": "•", "hbar": "ħ",
    "Re": "ℜ", "Im": "ℑ", "aleph": "ℵ", "angle": "∠", "neg": "¬", "lnot": "¬",
}  # fmt: skip

_BINARY = {
    "cdot": "·", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "odot": "⊙",
    "otimes": "⊗", "oplus": "⊕", "circ": "∘", "cup": "∪", "cap": "∩", "setminus": "∖",
    "wedge": "∧", "land": "∧", "vee": "∨", "lor": "∨",
}  # fmt: skip

_RELATION = {
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "approx": "≈",
    "sim": "∼", "simeq": "≃", "cong": "≅", "equiv": "≡", "propto": "∝", "in": "∈",
    "notin": "∉", "subset": "⊂", "subseteq": "⊆", "supset": "⊃", "ll": "≪", "gg": "≫",
    "to": "→", "rightarrow": "→", "gets": "←", "leftarrow": "←", "Rightarrow": "⇒",
    "Leftarrow": "⇐", "implies": "⇒", "iff": "⇔", "Leftrightarrow": "⇔",
    "leftrightarrow": "↔", "mapsto": "↦", "coloneqq": "≔", "mid": "|",
}  # fmt: skip

_OPEN = {"lVert": "‖", "lvert": "|", "lfloor": "⌊", "lceil": "⌈", "langle": "⟨"}
_CLOSE = {"rVert": "‖", "rvert": "|", "rfloor": "⌋", "rceil": "⌉", "rangle": "⟩"}
_PREFIX = {"partial": "∂"}  # glued to what follows: ∂L, not ∂ L
_BIG = {"sum": "∑", "prod": "∏", "coprod": "∐", "int": "∫", "oint": "∮", "bigcup": "⋃"}
_FUNCTIONS = {
    "log", "ln", "exp", "max", "min", "sup", "inf", "lim", "arg", "det", "dim", "tanh",
    "sinh", "cosh", "sin", "cos", "tan", "arcsin", "arccos", "arctan", "sec", "csc",
    "cot", "deg", "gcd", "ker", "Pr", "hom", "lg", "limsup", "liminf", "argmax", "argmin",
}  # fmt: skip
_ACCENTS = {
    "hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0305",
    "tilde": "\u0303", "widetilde": "\u0303", "vec": "\u20d7", "dot": "\u0307",
    "ddot": "\u0308", "check": "\u030c", "breve": "\u0306", "acute": "\u0301",
    "grave": "\u0300",
}  # fmt: skip
_BLACKBOARD = {"E": "𝔼", "R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "P": "ℙ", "1": "𝟙"}
_CALLIGRAPHIC = {
    "L": "ℒ", "N": "𝒩", "O": "𝒪", "D": "𝒟", "H": "ℋ", "F": "ℱ", "X": "𝒳", "Y": "𝒴",
    "B": "ℬ", "E": "ℰ", "M": "ℳ", "P": "𝒫", "R": "ℛ", "S": "𝒮", "T": "𝒯", "U": "𝒰",
}  # fmt: skip
_TEXT_FONTS = {"text", "textrm", "textit", "textbf", "texttt", "mbox", "textnormal"}
_MATH_FONTS = {"mathrm", "mathit", "mathbf", "boldsymbol", "bm", "mathsf", "mathtt"}
_SPACES = {",": " ", ";": " ", ":": " ", " ": " ", "!": "", "quad": "quad", "qquad": "qquad"}
_IGNORED = {"displaystyle", "textstyle", "scriptstyle", "limits", "nolimits", "left", "right"}
_DELIMITER_NAMES = {**_OPEN, **_CLOSE, "|": "‖", "{": "{", "}": "}", "vert": "|", "Vert": "‖"}

_SUB = dict(
    zip(
        "0123456789+-=()aehijklmnoprstuvxβγρφχ",
        "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ",
        strict=True,
    )
)
_SUP = dict(
    zip(
        "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWβγδθφχ",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵝᵞᵟᶿᵠᵡ",
        strict=True,
    )
)
# Longer scripts in Unicode are hard to read (eᶻ⁻ᵐᵃˣᶻ); they get brackets instead.
_MAX_UNICODE_SCRIPT = 3
_MAX_DEPTH = 40  # deeper nesting is flattened rather than recursed into

# --- the tree -----------------------------------------------------------------------


@dataclass
class Node:
    """One item of a formula. kind is how it spaces and breaks:
    ord (a symbol or anything composite), bin (+, -, ·), rel (=, ≤, ←),
    open, close, punct (, ;), prefix (∂), func (log, max), big (∑), space, gap."""

    kind: str
    text: str = ""
    children: list[Node] = field(default_factory=list)  # a group's contents
    args: list[list[Node]] = field(default_factory=list)  # \frac's two, \sqrt's one
    sub: list[Node] | None = None
    sup: list[Node] | None = None
    macro: str = ""  # frac, sqrt, accent or group, for composite ords


_TAKES_ARGUMENTS = {
    "frac", "dfrac", "tfrac", "cfrac", "sqrt", "left", "operatorname", "mathrel", "mathbin",
    "mathbb", "mathcal", "mathscr", "mathfrak", *_ACCENTS, *_TEXT_FONTS, *_MATH_FONTS,
}  # fmt: skip
_TOKEN = re.compile(r"\\[A-Za-z]+\*?|\\.|\\$|\s+|.", re.DOTALL)


class _Parser:
    def __init__(self, latex: str) -> None:
        self.tokens = _TOKEN.findall(latex)
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str | None:
        token = self.peek()
        self.pos += token is not None
        return token

    def skip_spaces(self) -> None:
        while (token := self.peek()) is not None and token.isspace():
            self.pos += 1

    def parse_list(self, depth: int, closer: str | None = None) -> list[Node]:
        nodes: list[Node] = []
        while (token := self.peek()) is not None:
            if token == "}":
                self.pos += 1
                if closer == "}":
                    return nodes
                continue  # a stray closing brace is dropped
            if closer == r"\right" and token == r"\right":
                return nodes
            if token in ("^", "_"):
                self.pos += 1
                target = nodes[-1] if nodes and nodes[-1].kind != "space" else None
                if target is None or target.kind in ("bin", "rel", "open", "punct"):
                    target = Node("ord")
                    nodes.append(target)
                script = self.argument(depth)
                if token == "_":
                    target.sub = (target.sub or []) + script
                else:
                    target.sup = (target.sup or []) + script
                continue
            nodes.extend(self.parse_item(depth))
        return nodes

    def argument(self, depth: int) -> list[Node]:
        """A macro's or script's argument: a braced group or one token."""
        self.skip_spaces()
        token = self.peek()
        if token is None:
            return []
        if token == "{":
            self.pos += 1
            return self.group(depth + 1)
        if token in ("}", "^", "_"):
            return []
        return self.parse_item(depth)

    def group(self, depth: int) -> list[Node]:
        if depth > _MAX_DEPTH:
            return self.flat_until_close()
        return self.parse_list(depth, closer="}")

    def flat_until_close(self) -> list[Node]:
        """Too deep to recurse: the rest of the group as plain text, braces dropped."""
        return [Node("ord", self.rest_of_group(dropped="{}^_"))]

    def rest_of_group(self, dropped: str = "{}") -> str:
        """The tokens up to the brace closing the current group, as literal text."""
        level, out = 1, []
        while (token := self.take()) is not None:
            level += (token == "{") - (token == "}")
            if level == 0:
                break
            if token not in dropped:
                out.append(token.lstrip("\\"))
        return "".join(out)

    def parse_item(self, depth: int) -> list[Node]:
        token = self.take()
        if token is None:
            return []
        if token.isspace():
            return [Node("space", " ")]
        if token == "{":
            children = self.group(depth + 1)
            return [Node("ord", children=children, macro="group")]
        if token == "\\":
            return []  # a lone backslash at the end
        if token.startswith("\\"):
            name = token[1:].rstrip("*")
            if depth > _MAX_DEPTH and name in _TAKES_ARGUMENTS:
                return [Node("ord", name)]  # too deep to read its arguments
            return self.macro(name, depth + 1)
        return [_char_node(token)]

    def macro(self, name: str, depth: int) -> list[Node]:
        if name in ("frac", "dfrac", "tfrac", "cfrac"):
            return [Node("ord", args=[self.argument(depth), self.argument(depth)], macro="frac")]
        if name == "sqrt":
            self.skip_spaces()
            if self.peek() == "[":  # \sqrt[n]{x}: the index is read and shown as ⁿ√
                index = self.bracketed()
                return [Node("ord", args=[self.argument(depth), index], macro="root")]
            return [Node("ord", args=[self.argument(depth)], macro="sqrt")]
        if name in _ACCENTS:
            return [Node("ord", text=_ACCENTS[name], args=[self.argument(depth)], macro="accent")]
        if name in _TEXT_FONTS:
            return [Node("ord", self.raw_argument())]
        if name in _MATH_FONTS:
            return [Node("ord", children=self.argument(depth), macro="group")]
        if name in ("mathbb", "mathcal", "mathscr", "mathfrak"):
            raw = self.raw_argument()
            table = _BLACKBOARD if name == "mathbb" else _CALLIGRAPHIC
            return [Node("ord", "".join(table.get(ch, ch) for ch in raw))]
        if name == "operatorname":
            return [Node("func", self.raw_argument())]
        if name in ("mathrel", "mathbin"):
            inner = _plain(self.argument(depth))
            return [Node("rel" if name == "mathrel" else "bin", inner.replace(" ", ""))]
        if name in ("left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr"):
            return self.delimiter(name, depth)
        if name in _SPACES:
            value = _SPACES[name]
            return [Node("gap", value)] if value in ("quad", "qquad") else [Node("space", value)]
        if name in _IGNORED:
            return []
        if name in _GREEK or name in _ORDINARY:
            return [Node("ord", _ORDINARY.get(name, _GREEK.get(name, name)))]
        if name in _BINARY:
            return [Node("bin", _BINARY[name])]
        if name in _RELATION:
            return [Node("rel", _RELATION[name])]
        if name in _OPEN:
            return [Node("open", _OPEN[name])]
        if name in _CLOSE:
            return [Node("close", _CLOSE[name])]
        if name in _PREFIX:
            return [Node("prefix", _PREFIX[name])]
        if name in _BIG:
            return [Node("big", _BIG[name])]
        if name in _FUNCTIONS:
            return [Node("func", name)]
        if name in ("{", "}"):
            return [Node("open" if name == "{" else "close", name)]
        if name == "\\":  # a LaTeX line break
            return [Node("space", " ")]
        if len(name) == 1:  # \% \_ \& and the like: the character itself
            return [Node("ord", name)]
        return [Node("ord", name)]  # an unknown macro: its name, never a backslash

    def delimiter(self, name: str, depth: int) -> list[Node]:
        self.skip_spaces()
        token = self.take() or ""
        symbol = _DELIMITER_NAMES.get(token.lstrip("\\"), token.lstrip("\\"))
        if token == ".":
            symbol = ""
        side = "open" if name in ("left", "bigl", "Bigl") else "close"
        if name not in ("left", "right", "bigl", "bigr", "Bigl", "Bigr"):
            side = _char_node(symbol).kind if symbol else "ord"
        if name != "left":
            return [Node(side, symbol)]
        inner = self.parse_list(depth + 1, closer=r"\right")
        closing: list[Node] = []
        if self.peek() == r"\right":
            self.pos += 1
            closing = self.delimiter("right", depth)
        return [Node("open", symbol), *inner, *closing]

    def bracketed(self) -> list[Node]:
        self.pos += 1  # the [
        text = []
        while (token := self.take()) is not None and token != "]":
            text.append(token.lstrip("\\"))
        return [Node("ord", "".join(text).strip())]

    def raw_argument(self) -> str:
        """The literal text of a braced argument (for \\text and font macros)."""
        self.skip_spaces()
        token = self.take()
        if token != "{":
            return (token or "").lstrip("\\")
        return self.rest_of_group()


def _char_node(char: str) -> Node:
    if char in "+-−":
        return Node("bin", "-" if char == "−" else char)
    if char in "=<>":
        return Node("rel", char)
    if char in "([":
        return Node("open", char)
    if char in ")]":
        return Node("close", char)
    if char in ",;":
        return Node("punct", char)
    if char in "~&":  # a non-breaking space; an alignment mark
        return Node("space", " ")
    return Node("ord", char)


# --- rendering ----------------------------------------------------------------------

BREAK = "\ue000"  # a space where a display formula may be broken onto a new line
BREAK_LOW = "\ue002"  # a break before a product's operator: used only if BREAK is not enough
GAP = "\ue001"  # a space of \quad, which whitespace collapsing must keep
_PRODUCTS = set("·×⊙÷∘⊗")
_UNARY_AFTER = {None, "bin", "rel", "open", "punct", "big", "func", "gap"}
_OPERATOR_CHARS = set("+-=<>/·×⊙≤≥≠≈∼←→∈,;±∓∘⇒")


@dataclass
class _Piece:
    text: str
    kind: str
    space_before: bool  # the source had whitespace before it


def _render(nodes: list[Node], depth: int = 0, compact: bool = False) -> str:
    """A node list as text, with BREAK marking top-level break points. Compact
    text (a script) spaces its operators only where the source does: iS+a."""
    pieces = _pieces(nodes, depth)
    return _join(pieces, top=depth == 0, compact=compact)


def _plain(nodes: list[Node], depth: int = 1, compact: bool = False) -> str:
    return _render(nodes, depth, compact).replace(BREAK, " ")


def _script_text(nodes: list[Node], depth: int) -> str:
    return _plain(nodes, depth + 1, compact=True)


def _pieces(nodes: list[Node], depth: int) -> list[_Piece]:
    pieces: list[_Piece] = []
    spaced = False
    for index, node in enumerate(nodes):
        if node.kind == "space":
            spaced = spaced or node.text == " "
            continue
        following = next((n for n in nodes[index + 1 :] if n.kind != "space"), None)
        previous = pieces[-1].kind if pieces else None
        kind = node.kind
        if kind == "bin" and previous in _UNARY_AFTER:
            kind = "sign"
        pieces.append(_Piece(_node_text(node, depth, following), kind, spaced))
        spaced = False
    return pieces


def _node_text(node: Node, depth: int, following: Node | None) -> str:
    base = _base_text(node, depth, following)
    if node.kind == "big" and node.sub is not None and node.sup is not None:
        return _big_limits(base, _script_text(node.sub, depth), _script_text(node.sup, depth))
    if node.sub is not None:
        base += _script("_", _script_text(node.sub, depth))
    if node.sup is not None:
        base += _script("^", _script_text(node.sup, depth))
    return base


def _base_text(node: Node, depth: int, following: Node | None) -> str:
    if node.macro == "group":
        return _plain(node.children, depth + 1)
    if node.macro == "frac":
        numerator, denominator = (_plain(arg, depth + 1) for arg in node.args)
        text = f"{_bracket(numerator, False)}/{_bracket(denominator, True)}"
        # A factor after a fraction would read as part of its denominator.
        if following is not None and _is_factor(following) or node.sup is not None:
            return f"({text})"
        return text
    if node.macro == "sqrt":
        body = _plain(node.args[0], depth + 1)
        return "√" + (body if _is_single(body) else f"({body})")
    if node.macro == "root":
        body, index = _plain(node.args[0], depth + 1), _plain(node.args[1], depth + 1)
        body = body if _is_single(body) else f"({body})"
        return _script("^", index) + "√" + body
    if node.macro == "accent":
        body = _plain(node.args[0], depth + 1)
        if len(body) == 1:
            return unicodedata.normalize("NFC", body + node.text)
        return body + node.text if body else node.text
    return node.text


def _is_factor(node: Node) -> bool:
    return node.kind in ("ord", "open", "prefix", "func", "big")


def _top_level(text: str) -> str:
    """The characters of text outside any brackets (‖...‖ and |...| count as brackets)."""
    out: list[str] = []
    stack: list[str] = []
    pairs = {"(": ")", "[": "]", "{": "}", "⌊": "⌋", "⌈": "⌉", "⟨": "⟩"}
    for ch in text:
        if ch in "‖|" and stack and stack[-1] == ch:
            stack.pop()
        elif ch in "‖|" or ch in pairs:
            stack.append(pairs.get(ch, ch))
        elif stack and ch == stack[-1]:
            stack.pop()
        elif not stack:
            out.append(ch)
    return "".join(out)


_SUM_OPERATORS = set("+-=<>≤≥≠≈∼←→∈,;±∓/")


def _is_single(text: str) -> bool:
    """One factor: no space or operator outside brackets (a leading sign is fine)."""
    outer = _top_level(text.strip().lstrip("-"))
    return not any(ch in _OPERATOR_CHARS or ch.isspace() for ch in outer)


def _bracket(text: str, denominator: bool) -> str:
    """A numerator needs brackets only around a sum (a product divides the same
    either way: k α₀/√t); a denominator around anything but one factor."""
    text = text.strip()
    if not text:
        return "()"
    if not denominator:
        outer = _top_level(text.lstrip("-"))
        return f"({text})" if any(ch in _SUM_OPERATORS for ch in outer) else text
    # 2m after a slash reads as 2 times m only to some readers: λ/(2m).
    if _is_single(text) and not re.fullmatch(r"\d+[^\d.].*", text) and text[0] != "-":
        return text
    return f"({text})"


def _script(marker: str, text: str) -> str:
    """x_{t-1} -> xₜ₋₁ when Unicode has every glyph and it is short, else x_(t-1)."""
    table = _SUB if marker == "_" else _SUP
    text = text.replace("−", "-").strip()
    compact = text.replace(" ", "")
    if not compact:
        return ""
    if len(compact) <= _MAX_UNICODE_SCRIPT and all(ch in table for ch in compact):
        return "".join(table[ch] for ch in compact)
    if cell_len(text) == 1:
        return marker + text
    if text[0] in "([⌊⌈‖|" and _closes_at_end(text):
        return marker + text
    return f"{marker}({text})"


def _closes_at_end(text: str) -> bool:
    """Whether the bracket text starts with is closed by its last character."""
    pairs = {"(": ")", "[": "]", "⌊": "⌋", "⌈": "⌉", "‖": "‖", "|": "|"}
    opener, closer = text[0], pairs[text[0]]
    if opener == closer:
        return text.count(opener) == 2 and text.endswith(closer)
    depth = 0
    for index, ch in enumerate(text):
        depth += (ch == opener) - (ch == closer)
        if depth == 0:
            return index == len(text) - 1
    return False


def _big_limits(symbol: str, lower: str, upper: str) -> str:
    """∑ with both limits: ∑ᵢ₌₁..N, or ∑_(c=1..N) when the lower one has no glyphs."""
    below = _script("_", lower)
    if below.startswith("_"):
        return f"{symbol}_({lower}..{upper})"
    return f"{symbol}{below}..{upper}"


def _join(pieces: list[_Piece], top: bool, compact: bool = False) -> str:
    out: list[str] = []
    depth = 0
    previous: _Piece | None = None
    lhs = True  # before a formula's first relation: keep "lhs =" together
    for index, piece in enumerate(pieces):
        breakable = top and depth == 0
        if piece.kind == "rel" and breakable and lhs:
            breakable, lhs = False, False
        if piece.kind == "gap" or piece.kind == "punct" and piece.text == ",":
            lhs = lhs or breakable
        if piece.kind == "gap":
            if out:
                out.append((BREAK if breakable else " ") + GAP * (1 if piece.text == "quad" else 2))
        elif (
            piece.kind == "rel"
            and previous is not None
            and previous.kind == "rel"
            and (not piece.space_before)
        ):
            out[-1] = out[-1].rstrip(" ") + piece.text + " "  # \mathrel{+}= is one +=
        elif piece.kind in ("bin", "rel") and compact and not piece.space_before:
            out.append(piece.text)
        elif piece.kind in ("bin", "rel"):
            if out:
                mark = BREAK_LOW if piece.text in _PRODUCTS else BREAK
                out.append(mark if breakable else " ")
            out.append(piece.text + ("" if compact and not _spaced_after(index, pieces) else " "))
        elif previous is None:
            out.append(piece.text)
        else:
            out.append(_gap(previous, piece) + piece.text)
        if piece.kind == "punct" and piece.text == "," and breakable:
            out.append(BREAK)
        if piece.kind == "open":
            depth += 1
        elif piece.kind == "close":
            depth = max(0, depth - 1)
        previous = piece
    text = re.sub(r" {2,}", " ", "".join(out))
    # A break mark stands for the space it replaces: no spaces around it.
    for mark in (BREAK, BREAK_LOW):
        text = re.sub(rf" *{mark} *", mark, text)
    return text.strip(" " + BREAK + BREAK_LOW)


def _spaced_after(index: int, pieces: list[_Piece]) -> bool:
    return index + 1 < len(pieces) and pieces[index + 1].space_before


def _gap(previous: _Piece, piece: _Piece) -> str:
    """The space between two pieces that are not binary operators."""
    if previous.kind in ("bin", "rel"):
        return ""
    if previous.kind == "gap":
        return GAP  # the operator already ends with its space
    if previous.kind in ("open", "sign", "prefix"):
        return ""
    if piece.kind in ("close", "punct"):
        return ""
    if previous.kind == "punct":
        return " " if piece.space_before or previous.text == ";" else ""
    if previous.kind == "big":
        return " "
    if previous.kind == "func":
        return "" if piece.kind == "open" or piece.text.startswith("'") else " "
    return " " if piece.space_before else ""


# --- public API ---------------------------------------------------------------------


def _parse(latex: str) -> list[Node]:
    return _Parser(latex).parse_list(0)


def latex_to_text(latex: str) -> str:
    """One formula (without its dollars) as Unicode text on one line."""
    return unbroken(_finish(_render(_parse(latex))))


def _finish(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace(GAP, " ")


def _split_formulas(nodes: list[Node]) -> list[list[Node]]:
    """A display's formulas: \\qquad at the top level separates them."""
    formulas: list[list[Node]] = [[]]
    for node in nodes:
        if node.kind == "gap" and node.text == "qquad":
            formulas.append([])
        else:
            formulas[-1].append(node)
    return [f for f in formulas if any(n.kind != "space" for n in f)]


def display_formulas(latex: str) -> list[str]:
    """A display's formulas, one per entry, with BREAK marking where each may wrap."""
    return [_finish(_render(formula)) for formula in _split_formulas(_parse(latex))]


def unbroken(formula: str) -> str:
    """A display formula on one line."""
    return formula.replace(BREAK, " ").replace(BREAK_LOW, " ")


def fit(formula: str, width: int) -> list[str]:
    """One display formula (with break marks) as lines of at most width cells where
    possible: greedy, breaking before a relation, + or - (or after a comma) first,
    and before a product's operator only if that is not enough. Continuation lines
    are indented under the right-hand side of the first relation (or by 4)."""
    if cell_len(unbroken(formula)) <= width:
        return [unbroken(formula)]
    lines = _greedy(formula.replace(BREAK_LOW, " ").split(BREAK), width)
    if all(cell_len(line) <= width for line in lines):
        return lines
    return _greedy(formula.replace(BREAK_LOW, BREAK).split(BREAK), width)


def _greedy(parts: list[str], width: int) -> list[str]:
    indent = _continuation_indent(parts, width)
    relation_column = _relation_column(parts[0], width)
    lines: list[str] = []
    line = parts[0]
    for part in (p.strip() for p in parts[1:]):
        candidate = f"{line} {part}"
        if cell_len(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            # A continuing chain (= ...) lines its relation up under the first one.
            column = relation_column if _starts_with_relation(part) else indent
            line = " " * column + part
    lines.append(line)
    return lines


def _continuation_indent(parts: list[str], width: int) -> int:
    """Under the right-hand side: the column after the first top-level relation."""
    found = _first_relation(parts[0])
    if found is None:
        return 4
    column = cell_len(parts[0][: found[0] + len(found[1]) + 1])
    return column if column <= width // 2 else 4


def _relation_column(first: str, width: int) -> int:
    found = _first_relation(first)
    column = cell_len(first[: found[0]]) if found else 4
    return column if column <= width // 2 else 4


def _first_relation(text: str) -> tuple[int, str] | None:
    """Where the first top-level relation starts, and which it is."""
    depth = 0
    for index, ch in enumerate(text):
        depth += (ch in "([{⌊⌈⟨") - (ch in ")]}⌋⌉⟩")
        if depth or ch != " ":
            continue
        word = text[index + 1 :].split(" ", 1)[0]
        if word in _RELATIONS:
            return index + 1, word
    return None


_RELATIONS = set(_RELATION.values()) | {"=", "<", ">", "+=", "-=", "≔"}


def _starts_with_relation(part: str) -> bool:
    return part.split(" ", 1)[0] in _RELATIONS
