"""Grading keystrokes (vim commands, the tmux and screen prefix) rather than shell commands.

Keys are compared exactly, except for how a Ctrl chord is written: `Ctrl-b`,
`Ctrl+B`, `C-b`, `^b` and `^B` are the same keys (the terminal sends the same
byte whatever the case). Everything else is case-sensitive: `d` and `D` are
different commands in tmux and in vim.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from checker.quiz.shell.outcome import CLOSE, RIGHT, UNPARSEABLE, WRONG, ShellGrade

_CHORD = re.compile(r"(?i)^(?:ctrl[-+]|control[-+]|c-|\^)(.)")
_ENTER = {"<enter>", "<cr>", "<return>", "enter", "return", "⏎"}
_JOINERS = {"then"}


def key_tokens(keys: str) -> tuple[str, ...]:
    out = []
    for token in keys.split():
        if token.lower() in _JOINERS:
            continue
        # `Ctrl+B` = `C-b` = `^b`; what follows a chord in the same token stays as typed.
        out.append(_CHORD.sub(lambda m: "C-" + m.group(1).lower(), token, count=1))
    while out and out[-1].lower() in _ENTER:
        out.pop()
    for suffix in ("<enter>", "<cr>", "<return>"):
        if out and out[-1].lower().endswith(suffix) and len(out[-1]) > len(suffix):
            out[-1] = out[-1][: -len(suffix)]
    return tuple(out)


def grade_keys(typed: str, accepted: Sequence[str]) -> ShellGrade:
    """Exact keys after trimming; a trailing Enter and the spelling of Ctrl do not matter."""
    if not accepted:
        raise ValueError("a card needs at least one accepted key sequence")
    if len(typed) > 200:
        return ShellGrade(UNPARSEABLE, "That is too long to be a key sequence.")
    keys = key_tokens(typed.strip())
    if not keys:
        return ShellGrade(UNPARSEABLE, "Empty answer: type the keys you would press.")
    wanted = [(a, key_tokens(a)) for a in accepted]
    if any(keys == w for _, w in wanted):
        return ShellGrade(RIGHT, "Correct.")
    shown = " ".join(keys)
    for text, want in wanted:
        if "".join(want) == "".join(keys):
            return ShellGrade(
                CLOSE, f"The right keys, but grouped differently: `{text}`.", closest=text
            )
        if [k.lower() for k in want] == [k.lower() for k in keys]:
            return ShellGrade(
                CLOSE, f"Keys are case-sensitive: `{shown}` is not `{text}`.", closest=text
            )
        if text.startswith(":") and want[0][1:] == keys[0] and want[1:] == keys[1:]:
            return ShellGrade(CLOSE, f"An Ex command starts with a colon: `{text}`.", closest=text)
        if len(want) == 2 and want[0].startswith("C-") and keys == want[1:]:
            return ShellGrade(
                CLOSE,
                f"Press the prefix {want[0].replace('C-', 'Ctrl-')} first: `{text}`.",
                closest=text,
            )
    return ShellGrade(WRONG, f"`{shown}` are not the keys for this.", closest=accepted[0])
