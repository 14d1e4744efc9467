"""Answers that would do damage: recognised before anything else, graded Wrong with a warning.

The rules are data (drills/decks/linux/dangers.toml). A rule names the
programs it concerns and conditions that must all hold: options present,
arguments equal to or matching given words, sudo, and at most one structural
`check` for what plain matching cannot see (find's -delete before its tests, a
redirection onto a file the same line reads, a PATH that loses $PATH). A card
whose own answer matches a rule (a task that is meant to delete something) is
exempt from that rule.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from checker.quiz.shell.meaning import Command, Invocation, mode_bits, normalise_path
from checker.quiz.shell.syntax import ParseError, parse
from checker.quiz.shell.table import CommandTable, TableError

_RULE_KEYS = {
    "id",
    "warning",
    "programs",
    "options",
    "any_options",
    "args",
    "args_regex",
    "sudo",
    "check",
    "into",
    "mode_bits",
}


@dataclass(frozen=True)
class Rule:
    id: str
    warning: str  # what the command would do, said to the learner
    programs: tuple[str, ...] = ()  # empty: any program
    options: tuple[str, ...] = ()  # all of these
    any_options: tuple[str, ...] = ()  # at least one of these
    args: tuple[str, ...] = ()  # some plain argument is one of these (as the shell reads them)
    args_regex: str | None = None  # some plain argument matches this
    sudo: bool = False  # only under sudo
    check: str | None = None  # a structural check by name (CHECKS below)
    into: tuple[str, ...] = ()  # pipe-to-shell: the programs that run what is piped in
    mode_bits: int = 0  # chmod: the mode grants one of these bits


def _stage_matches(rule: Rule, stage: Invocation) -> bool:
    if rule.programs and stage.program not in rule.programs:
        return False
    keys = {k for k, _ in stage.options}
    if any(o not in keys for o in rule.options):
        return False
    if rule.any_options and not keys & set(rule.any_options):
        return False
    if rule.args and not set(stage.positionals) & set(rule.args):
        return False
    if rule.args_regex and not any(
        re.search(rule.args_regex, p) for p in stage.positionals + stage.shown
    ):
        return False
    if rule.sudo and not stage.sudo:
        return False
    if rule.mode_bits:
        bits = mode_bits(stage.positionals[0]) if stage.positionals else None
        if bits is None or not bits & rule.mode_bits:
            return False
    return True


def _stages(command: Command) -> list[Invocation]:
    out: list[Invocation] = []
    for stage in command.stages:
        while stage is not None:
            out.append(stage)
            stage = stage.inner
    return out


def _plain(rule: Rule, command: Command) -> bool:
    return any(_stage_matches(rule, s) for s in _stages(command))


def _action_before_test(rule: Rule, command: Command) -> bool:
    # find evaluates its expression left to right: an action before a test runs on everything.
    for stage in _stages(command):
        if not _stage_matches(rule, stage) or stage.spec is None:
            continue
        seen_action = False
        for key, _ in stage.options:
            opt = stage.spec.option(key)
            kind = opt.find_kind if opt is not None and opt.find_kind else "test"
            if key in rule.options or key in rule.any_options:
                seen_action = True
            elif kind == "test" and seen_action:
                return True
    return False


def _written_files(stage: Invocation) -> set[str]:
    return {t[1] for fd, t in stage.fds if t[0] == "file" and t[2] == "write" and fd in (1, 2)}


def _redirect_onto_input(rule: Rule, command: Command) -> bool:
    # The shell truncates the output file before any program of the line has read it.
    start = 0
    for k in range(len(command.stages) + 1):
        end_of_pipeline = k == len(command.stages) or (
            k < len(command.operators) and command.operators[k] not in ("|", "|&")
        )
        if k < len(command.stages) and not end_of_pipeline:
            continue
        pipeline = command.stages[start : k + 1]
        read = {p for s in pipeline for p in s.positionals} | {
            t[1] for s in pipeline for fd, t in s.fds if fd == 0 and t[0] == "file"
        }
        written = {f for s in pipeline for f in _written_files(s)}
        if read & written and (
            not rule.programs or any(s.program in rule.programs for s in pipeline)
        ):
            return True
        start = k + 1
    return False


def _path_dropped(rule: Rule, command: Command) -> bool:
    # PATH=... without ${PATH} replaces the search path: ls, python, git are no longer found.
    for stage in _stages(command):
        values = [v for n, v in stage.env if n == "PATH"]
        if stage.program in ("export", "declare", "readonly", ""):
            values += [p.partition("=")[2] for p in stage.positionals if p.startswith("PATH=")]
        if any("${PATH}" not in v for v in values):
            return True
    return False


def _env_lost(rule: Rule, command: Command) -> bool:
    return any(stage.env_lost for stage in _stages(command))


def _pipe_to_shell(rule: Rule, command: Command) -> bool:
    for k, op in enumerate(command.operators):
        if op not in ("|", "|&") or k + 1 >= len(command.stages):
            continue
        if (
            command.stages[k].program in rule.programs
            and command.stages[k + 1].program in rule.into
        ):
            return True
    return False


CHECKS: dict[str | None, Callable[[Rule, Command], bool]] = {
    None: _plain,
    "action-before-test": _action_before_test,
    "redirect-onto-input": _redirect_onto_input,
    "path-dropped": _path_dropped,
    "env-lost-by-sudo": _env_lost,
    "pipe-to-shell": _pipe_to_shell,
}


def matches(rule: Rule, command: Command) -> bool:
    return CHECKS[rule.check](rule, command)


def _word_key(text: str) -> str:
    """A rule's argument, read by the same parser as a typed answer: `~/*` -> `${HOME}/*`."""
    try:
        line = parse("x " + text)
    except ParseError as exc:
        raise TableError(f"dangers: cannot read argument {text!r}: {exc}") from exc
    words = line.stages[0].words
    return normalise_path(words[1].key) if len(words) == 2 else text


def load_rules(path: Path, table: CommandTable) -> tuple[Rule, ...]:
    """Read dangers.toml; a malformed rule raises TableError naming it."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TableError(f"{path}: {exc}") from exc
    rules = []
    for entry in data.get("rule", []):
        where = f"{path} rule {entry.get('id', '?')}"
        unknown = sorted(set(entry) - _RULE_KEYS)
        if unknown or not isinstance(entry.get("id"), str) or not entry.get("warning"):
            raise TableError(f"{where}: needs id and warning; unknown keys {unknown}")
        if entry.get("check") not in CHECKS:
            raise TableError(f"{where}: unknown check {entry.get('check')!r}")
        mode = entry.get("mode_bits", "0")
        rules.append(
            Rule(
                id=entry["id"],
                warning=entry["warning"],
                programs=tuple(entry.get("programs", ())),
                options=tuple(entry.get("options", ())),
                any_options=tuple(entry.get("any_options", ())),
                args=tuple(_word_key(a) for a in entry.get("args", ())),
                args_regex=entry.get("args_regex"),
                sudo=bool(entry.get("sudo", False)),
                check=entry.get("check"),
                into=tuple(entry.get("into", ())),
                mode_bits=int(mode, 8),
            )
        )
        for program in rules[-1].programs:
            if table.get(program) is None and rules[-1].check != "pipe-to-shell":
                raise TableError(f"{where}: program {program!r} is not in commands.toml")
    return tuple(rules)


def warnings(command: Command, rules: tuple[Rule, ...], exempt: set[str]) -> list[Rule]:
    """The rules this command breaks, leaving out those the card's own answers break."""
    return [r for r in rules if r.id not in exempt and matches(r, command)]
