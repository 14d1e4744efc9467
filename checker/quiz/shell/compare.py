"""Grading a typed command against a card's accepted commands, with feedback that teaches.

Danger first: an answer that breaks a rule of dangers.toml is Wrong, with the
rule's warning, whatever else it gets right. Otherwise the answer is compared
with every accepted command and the closest one speaks: the same meaning is
Right; the right program with differences is Close, and each difference is
named with what it does; another program is Wrong.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from checker.quiz.shell.danger import KeysRule, Rule, all_stages, applies, matches
from checker.quiz.shell.keys import grade_keys, key_tokens
from checker.quiz.shell.meaning import Command, Invocation, Target, analyse
from checker.quiz.shell.outcome import CLOSE, RIGHT, UNPARSEABLE, WRONG, ShellGrade
from checker.quiz.shell.syntax import ParseError, parse
from checker.quiz.shell.table import CommandTable

_RANK = {RIGHT: 0, CLOSE: 1, WRONG: 2, UNPARSEABLE: 3}
_MAX_DIFFERENCES = 4  # feedback stays a sentence or two
_FD_NAMES = {0: "standard input", 1: "standard output", 2: "standard error"}


@dataclass(frozen=True)
class _Verdict:
    outcome: str
    differences: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())
    weight: int = -1  # how many separate differences; -1: one per entry of `differences`

    @property
    def size(self) -> int:
        return len(self.differences) if self.weight < 0 else self.weight


# ------------------------------------------------------------------ describing


def _describe_target(target: Target) -> str:
    kind = target[0]
    if kind == "terminal":
        return "the terminal" if target[1] != "0" else "the keyboard"
    if kind == "pipe":
        return "the pipe"
    if kind == "file":
        how = {"write": "", "append": " (appended)", "read": ""}[target[2]]
        if len(target) > 3:
            how += " (opened a second time, so the two streams overwrite each other)"
        return f"`{target[1]}`{how}"
    if kind == "closed":
        return "nowhere (closed)"
    if kind == "text":
        return f"the text `{target[1]}`"
    return " ".join(target[1:])


def _compare_fds(want: Invocation, got: Invocation) -> list[str]:
    w, g = dict(want.fds), dict(got.fds)
    if 0 not in w and g.get(0) == ("file", "/dev/null", "read"):
        del g[0]  # `< /dev/null` on a background job only keeps it off the keyboard
    if 2 not in w and g.get(2) == ("file", "/dev/null", "write"):
        del g[2]  # `2>/dev/null` only hides error messages
    differing = [fd for fd in set(w) | set(g) if w.get(fd) != g.get(fd)]
    if differing and all(
        fd in w and fd in g and g[fd][:3] == w[fd][:3] and len(g[fd]) > 3 for fd in differing
    ):
        path = g[differing[0]][1]
        return [
            f"`{path}` is opened twice, so standard output and standard error overwrite "
            f"each other in it: send one to the other with `2>&1`"
        ]
    out = []
    for fd in sorted(set(w) | set(g)):
        if w.get(fd) == g.get(fd):
            continue
        name = _FD_NAMES.get(fd, f"descriptor {fd}")
        wanted = _describe_target(w[fd]) if fd in w else _default_target(fd)
        typed = _describe_target(g[fd]) if fd in g else _default_target(fd)
        out.append(f"{name} goes to {typed}, not to {wanted}")
    if out and _order_mistake(got):
        out.append(
            "redirections apply left to right: `2>&1` copies where standard output "
            "points at that moment, so it must come after `> file`"
        )
    return out


def _default_target(fd: int) -> str:
    return "the keyboard" if fd == 0 else "the terminal"


def _order_mistake(inv: Invocation) -> bool:
    fds = dict(inv.fds)
    return fds.get(2, ("",))[0] == "terminal" and 1 in fds and fds[1][0] == "file"


def _show_value(value: str | None) -> str:
    return "no value" if value is None else f"`{_as_typed(value)}`"


def _as_typed(key: str) -> str:
    """A word's key written the way a person would type it: `\\*.pyc` -> `'*.pyc'`."""
    if "\\" not in key:
        return key
    plain = re.sub(r"\\(.)", r"\1", key)
    return f"'{plain}'" if "'" not in plain else key


def _option_phrase(inv: Invocation, key: str, value: str | None) -> str:
    spec = inv.spec
    described = spec.describe(key) if spec is not None else key
    opt = spec.option(key) if spec is not None else None
    if opt is not None and opt.invalid:
        return opt.help
    if value is not None and not key.startswith("?"):
        meaning = opt.value_help.get(value, "") if opt is not None else ""
        return f"{described} `{value}`" + (f" ({meaning})" if meaning else "")
    return described


def _value_meaning(inv: Invocation, key: str, value: str) -> str:
    opt = inv.spec.option(key) if inv.spec is not None else None
    return opt.value_help.get(value, "") if opt is not None else ""


def _harmless(inv: Invocation, key: str) -> bool:
    if inv.spec is None:
        return False
    opt = inv.spec.option(key)
    return opt is not None and opt.harmless and not opt.invalid


def _compare_options(want: Invocation, got: Invocation) -> tuple[list[str], list[str]]:
    """Differences and notes; a harmless extra flag (verbosity, colour) is only a note."""
    wanted_keys = {k for k, _ in want.options}
    typed = [(k, v) for k, v in got.options if k in wanted_keys or not _harmless(got, k)]
    if want.ordered:
        if list(want.options) == typed:
            return [], []
        if Counter(want.options) == Counter(typed):
            return [
                f"{want.program} reads its expression left to right, and the order here "
                f"changes what it does: write `{_show_options(want)}`"
            ], []
    elif Counter(want.options) == Counter(typed):
        return [], []
    want_by_key = dict(want.options)
    got_by_key = dict(typed)
    out = []
    for key in sorted(set(want_by_key) & set(got_by_key)):
        wanted, typed_value = want_by_key[key], got_by_key[key]
        if wanted != typed_value:
            described = got.spec.describe(key) if got.spec is not None else key
            if typed_value is None or wanted is None:
                shown, expected = _show_value(typed_value), _show_value(wanted)
                text = f"{described} has {shown} where {expected} is wanted"
            else:
                text = _argument_difference(wanted, _as_typed(wanted), _as_typed(typed_value))
                text = f"{described}: " + text
                meaning = _value_meaning(got, key, typed_value)
                text += f" ({meaning})" if meaning else ""
            out.append(text)
    missing = [k for k in want_by_key if k not in got_by_key]
    extra = [k for k in got_by_key if k not in want_by_key and not k.startswith("?")]
    out += [f"missing {_option_phrase(want, k, want_by_key[k])}" for k in sorted(missing)]
    for k in sorted(extra):
        phrase = _option_phrase(got, k, got_by_key[k])
        opt = got.spec.option(k) if got.spec is not None else None
        out.append(phrase if opt is not None and opt.invalid else f"extra {phrase}")
    if not out and any(k.startswith("?") for k in got_by_key):
        return [], []  # already said: the program refuses an ambiguous option
    return out or ["an option is given a different number of times"], []


def _show_options(inv: Invocation) -> str:
    return " ".join(k + ("" if v is None else " " + _as_typed(v)) for k, v in inv.options)


def _compare_positionals(want: Invocation, got: Invocation) -> list[str]:
    w, g = want.positionals, got.positionals
    if w == g:
        return []
    if Counter(w) == Counter(g):
        expected = " ".join(want.shown or w)
        return [f"the same arguments in another order: {want.program} expects `{expected}`"]
    shown = dict(zip(got.positionals, got.shown, strict=False))
    wanted_shown = dict(zip(want.positionals, want.shown, strict=False))
    missing = list((Counter(w) - Counter(g)).elements())
    extra = list((Counter(g) - Counter(w)).elements())
    out = []
    for m, e in zip(missing, extra, strict=False):
        out.append(_argument_difference(m, wanted_shown.get(m, m), shown.get(e, e)))
    out += [f"missing argument `{wanted_shown.get(m, m)}`" for m in missing[len(extra) :]]
    out += [f"unexpected argument `{shown.get(e, e)}`" for e in extra[len(missing) :]]
    return out


def _argument_difference(key: str, wanted: str, typed: str) -> str:
    text = f"`{typed}` where `{wanted}` is wanted"
    bare = typed.strip("'\"")
    if "\\" in key and key.replace("\\", "") == bare and typed == bare:
        return text + ": quote it, or the shell may expand it before the program sees it"
    if key.startswith("${HOME}") and typed.startswith(("'~", '"~')):
        return text + ": a quoted ~ is not your home directory"
    if key.startswith("${") and typed.startswith("'"):
        return text + ": single quotes keep $ literal, so the program gets the text, not the value"
    if key.rstrip("/") == bare.rstrip("/"):
        return text + ": here a trailing slash changes what happens"
    return text


def _compare_env(want: Invocation, got: Invocation) -> list[str]:
    w, g = dict(want.env), dict(got.env)
    out = []
    for name in sorted(set(w) | set(g)):
        if name not in g:
            lost = " (sudo drops it)" if name in got.env_lost else ""
            out.append(f"missing {name}={w[name]} in front of the command{lost}")
        elif name not in w:
            out.append(f"{name}={g[name]} is not needed")
        elif w[name] != g[name]:
            out.append(f"{name} is `{g[name]}` where `{w[name]}` is wanted")
    return out


def _compare(want: Invocation, got: Invocation) -> _Verdict:
    if want.program != got.program:
        return _compare_wrapper(want, got)
    differences: list[str] = list(got.problems)
    notes: list[str] = []
    if want.sudo and not got.sudo:
        differences.append("missing sudo (this needs root)")
    elif got.sudo and not want.sudo:
        notes.append("sudo was not needed here.")
    differences += _compare_env(want, got)
    option_diffs, option_notes = _compare_options(want, got)
    differences += option_diffs
    notes += option_notes
    differences += _compare_positionals(want, got)
    differences += _compare_fds(want, got)
    if want.inner is not None and got.inner is not None:
        inner = _compare(want.inner, got.inner)
        if inner.outcome == WRONG:
            return inner
        differences += [f"in the command {want.program} runs, {d}" for d in inner.differences]
        notes += inner.notes
    elif want.inner is not None or got.inner is not None:
        differences.append(f"{want.program} should run `{_program_of(want.inner)}`")
    return _Verdict(CLOSE if differences else RIGHT, tuple(differences), tuple(notes))


def _program_of(inv: Invocation | None) -> str:
    return inv.program if inv is not None else "nothing"


def _compare_wrapper(want: Invocation, got: Invocation) -> _Verdict:
    """`python train.py` against `nohup python train.py`: close, with the wrapper named."""
    if want.inner is not None and want.inner.program == got.program:
        inner = _compare(want.inner, got)
        if inner.outcome != WRONG:
            return _Verdict(CLOSE, (f"missing `{want.program}` in front",) + inner.differences)
    if got.spec is not None and got.spec.transparent and got.inner is not None:
        # `nice python train.py > log`: the redirections belong to the command it runs
        wrapped = replace(got.inner, fds=got.fds or got.inner.fds, env=got.env or got.inner.env)
        inner = _compare(want, wrapped)
        note = f"`{got.program}` in front changes only how it runs, not what it does."
        return _Verdict(inner.outcome, inner.differences, (*inner.notes, note))
    if got.inner is not None and got.inner.program == want.program:
        inner = _compare(want, got.inner)
        if inner.outcome != WRONG:
            return _Verdict(CLOSE, (f"`{got.program}` in front is not wanted",) + inner.differences)
    if not got.program:
        return _Verdict(
            WRONG, (f"your answer only sets variables; this task runs `{want.program}`",)
        )
    if not want.program:
        return _Verdict(WRONG, ("this task only sets a variable, it runs no program",))
    return _Verdict(
        WRONG, (f"`{got.program}` is not the program for this (the answer uses `{want.program}`)",)
    )


# ------------------------------------------------------------------ lines


def _shape(command: Command) -> str:
    if len(command.stages) == 1:
        return "one command"
    return f"{len(command.stages)} commands joined by " + " ".join(
        f"`{op}`" for op in command.operators[: len(command.stages) - 1]
    )


def _trailing(command: Command) -> str:
    if len(command.operators) == len(command.stages):
        return command.operators[-1]
    return ""


def _without_preparation(want: Command, got: Command) -> tuple[Command, list[str]]:
    """`mkdir -p out && tar ... -C out`: a harmless first step joined by && is dropped."""
    stages, operators = list(got.stages), list(got.operators)
    notes = []
    while len(stages) > len(want.stages) and operators and operators[0] == "&&":
        first = stages[0]
        if (
            first.spec is None
            or not first.spec.preparatory
            or first.program == want.stages[0].program
        ):
            break
        notes.append(f"`{first.source}` first is harmless.")
        stages.pop(0)
        operators.pop(0)
    return Command(tuple(stages), tuple(operators)), notes


def _variables_apart(want: Command, got: Command) -> _Verdict | None:
    """`CUDA_VISIBLE_DEVICES=0; python train.py` where `CUDA_VISIBLE_DEVICES=0 python ...`."""
    if len(got.stages) != len(want.stages) + 1 or not got.operators:
        return None
    first = got.stages[0]
    if first.program not in ("", "export") or not want.stages[0].env:
        return None
    rest = Command(got.stages[1:], got.operators[1:])
    verdict = _compare_lines(want, rest)
    if verdict.outcome == WRONG:
        return None
    if first.program == "":
        why = (
            "a variable set in a command of its own is not exported, so the program "
            "never sees it: write it in front of the command, `VAR=value cmd`"
        )
    else:
        why = (
            "export changes the shell for every later command too; `VAR=value cmd` "
            "sets it for this one command only"
        )
    return _Verdict(CLOSE, (why, *verdict.differences), verdict.notes)


def _compare_lines(want: Command, got: Command) -> _Verdict:
    got, notes = _without_preparation(want, got)
    apart = _variables_apart(want, got)
    if apart is not None:
        return apart
    differences: list[str] = []
    if len(want.stages) != len(got.stages):
        first = _compare(want.stages[0], got.stages[0])
        if first.outcome == WRONG:
            return first
        return _Verdict(
            CLOSE, (f"this needs {_shape(want)}, yours is {_shape(got)}",) + first.differences
        )
    inner_ops_w = want.operators[: len(want.stages) - 1]
    inner_ops_g = got.operators[: len(got.stages) - 1]
    if inner_ops_w != inner_ops_g:
        differences.append(f"this needs {_shape(want)}, yours is {_shape(got)}")
    tw, tg = _trailing(want), _trailing(got)
    if (tw == "&") != (tg == "&"):
        differences.append(
            "missing `&` at the end: without it the shell waits until the command finishes"
            if tw == "&"
            else "the `&` at the end runs it in the background, which this task does not ask"
        )
    worst = RIGHT
    weight = len(differences)
    for index, (w, g) in enumerate(zip(want.stages, got.stages, strict=True)):
        verdict = _compare(w, g)
        if verdict.outcome == WRONG and index == 0:
            return verdict
        weight += verdict.size
        if verdict.differences:
            label = f"in stage {index + 1} (`{w.program}`): " if len(want.stages) > 1 else ""
            differences.append(label + ", ".join(verdict.differences))
        notes += verdict.notes
        if _RANK[verdict.outcome] > _RANK[worst]:
            worst = verdict.outcome
    if differences and worst == RIGHT:
        worst = CLOSE
    # The first program is right, so a wrong later stage is still "close".
    outcome = CLOSE if worst == WRONG else worst
    return _Verdict(outcome, tuple(differences), tuple(notes), weight)


def _listing(parts: Sequence[str]) -> str:
    shown = list(parts[:_MAX_DIFFERENCES])
    if len(parts) > _MAX_DIFFERENCES:
        shown.append(f"and {len(parts) - _MAX_DIFFERENCES} more difference(s)")
    text = "; ".join(shown)
    return text + ("" if text.endswith(".") else ".")


def _feedback(verdict: _Verdict) -> str:
    if verdict.outcome == RIGHT:
        return " ".join(("Correct.", *dict.fromkeys(verdict.notes)))
    if verdict.outcome == CLOSE:
        return "Right program, but " + _listing(verdict.differences)
    text = _listing(verdict.differences)
    return text[0].upper() + text[1:]


_QUOTING_ONLY = "quote it, or the shell may expand it"


def _same_target(verdict: _Verdict) -> bool:
    """Right, or different only in quoting a glob: the same files are affected."""
    if verdict.outcome == RIGHT:
        return True
    return verdict.outcome == CLOSE and all(_QUOTING_ONLY in d for d in verdict.differences)


@dataclass(frozen=True)
class _Card:
    """What grading an answer needs from a card, worked out once per card."""

    answers: tuple[tuple[str, Command], ...]  # each accepted command and its reading
    broken: frozenset[str]  # the rules its own answers break (exempt on this card)
    runs: frozenset[str]  # every program its answers run


@dataclass(frozen=True)
class Grader:
    """The command table and the danger rules: everything a grade depends on besides the card."""

    table: CommandTable
    rules: tuple[Rule, ...] = ()
    keys_rules: tuple[KeysRule, ...] = ()
    # Accepted answers parsed once per card, not on every answer typed.
    _cards: dict[tuple[tuple[str, ...], str | None], _Card] = field(
        default_factory=dict, compare=False, repr=False
    )

    def read(self, text: str) -> Command:
        return analyse(parse(text), self.table)

    def _card(self, accepted: Sequence[str], card_id: str | None) -> _Card:
        key = (tuple(accepted), card_id)
        if key not in self._cards:
            answers = tuple((text, self.read(text)) for text in accepted)
            commands = [a for _, a in answers]
            self._cards[key] = _Card(
                answers=answers,
                broken=frozenset(
                    r.id
                    for r in self.rules
                    if applies(r, card_id) and any(matches(r, a) for a in commands)
                ),
                runs=frozenset(s.program for a in commands for s in all_stages(a)),
            )
        return self._cards[key]

    def grade(self, typed: str, accepted: Sequence[str], card_id: str | None = None) -> ShellGrade:
        if not accepted:
            raise ValueError("a card needs at least one accepted command")
        card = self._card(accepted, card_id)
        try:
            command = self.read(typed)
        except ParseError as exc:
            return self._not_graded(typed, card, card_id, str(exc))
        best: tuple[_Verdict, str] | None = None
        for text, answer in card.answers:
            verdict = _compare_lines(answer, command)
            if best is None or (_RANK[verdict.outcome], verdict.size) < (
                _RANK[best[0].outcome],
                best[0].size,
            ):
                best = (verdict, text)
        assert best is not None
        verdict, closest = best
        refused = any(s.problems for s in command.stages)  # a command that never runs
        warning = "" if refused else self._warning(command, card, card_id, verdict)
        if warning:
            if verdict.outcome == RIGHT:
                verdict = _Verdict(WRONG, ("it would do damage, see the warning",))
            else:
                verdict = _Verdict(WRONG, verdict.differences)
            return ShellGrade(WRONG, _feedback(verdict), warning, closest)
        return ShellGrade(verdict.outcome, _feedback(verdict), "", closest)

    def _not_graded(self, typed: str, card: _Card, card_id: str | None, reason: str) -> ShellGrade:
        """A line that cannot be graded is still checked for damage, line by line."""
        for part in typed.splitlines()[:50]:
            try:
                command = analyse(parse(part, max_length=20_000), self.table)
            except ParseError:
                continue
            warning = self._warning(command, card, card_id, _Verdict(WRONG))
            if warning:
                return ShellGrade(WRONG, reason, warning)
        return ShellGrade(UNPARSEABLE, reason)

    def _warning(
        self, command: Command, card: _Card, card_id: str | None, verdict: _Verdict
    ) -> str:
        """The warnings of every rule the command breaks on this card ("" if none).

        A rule the card's own answer breaks is exempt (the task is meant to delete
        something), or, for a rule marked exempt_only_if_right, exempt only for an
        answer that is otherwise right.
        """
        answers = tuple(a for _, a in card.answers)
        broken = []
        for rule in self.rules:
            if not applies(rule, card_id) or card.runs & set(rule.unless_answers_run):
                continue
            if rule.id in card.broken and (not rule.exempt_only_if_right or _same_target(verdict)):
                continue
            if matches(rule, command, answers):
                broken.append(rule.warning)
        return " ".join(dict.fromkeys(broken))

    def grade_keys(
        self, typed: str, accepted: Sequence[str], card_id: str | None = None
    ) -> ShellGrade:
        grade = grade_keys(typed, accepted)
        if grade.outcome in (RIGHT, UNPARSEABLE):
            return grade
        keys = key_tokens(typed.strip())
        wanted = {key_tokens(a) for a in accepted}
        broken = [
            r
            for r in self.keys_rules
            if applies(r, card_id) and keys in r.keys and not wanted & set(r.keys)
        ]
        if not broken:
            return grade
        warning = " ".join(dict.fromkeys(r.warning for r in broken))
        return ShellGrade(WRONG, grade.feedback, warning, grade.closest)
