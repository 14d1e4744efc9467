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

Answers = tuple[Command, ...]

_RULE_KEYS = {
    "id",
    "warning",
    "programs",
    "options",
    "any_options",
    "no_options",
    "option_regex",
    "args",
    "args_regex",
    "sudo",
    "check",
    "into",
    "mode_bits",
    "cards",
    "exempt_only_if_right",
    "unless_option_regex",
    "unless_answers_run",
    "no_args",
}
_KEYS_RULE_KEYS = {"id", "warning", "keys", "cards"}


@dataclass(frozen=True)
class Rule:
    id: str
    warning: str  # what the command would do, said to the learner
    programs: tuple[str, ...] = ()  # empty: any program
    options: tuple[str, ...] = ()  # all of these
    any_options: tuple[str, ...] = ()  # at least one of these
    no_options: tuple[str, ...] = ()  # none of these (git restore . but not --staged)
    args: tuple[str, ...] = ()  # some plain argument is one of these (as the shell reads them)
    args_regex: str | None = None  # some plain argument matches this
    sudo: bool = False  # only under sudo
    check: str | None = None  # a structural check by name (CHECKS below)
    into: tuple[str, ...] = ()  # pipe-to-shell: the programs that run what is piped in
    mode_bits: int = 0  # chmod: the mode grants one of these bits
    option_regex: tuple[tuple[str, str], ...] = ()  # an option's value matches a regex
    unless_option_regex: tuple[tuple[str, str], ...] = ()  # ...but not when this one matches
    unless_answers_run: tuple[str, ...] = ()  # not on cards whose answers run one of these
    no_args: bool = False  # only when the command has no plain argument (pkill -u alice)
    cards: tuple[str, ...] = ()  # only on these cards (empty: every card)
    exempt_only_if_right: bool = False  # a card's own destructive answer exempts only itself


@dataclass(frozen=True)
class KeysRule:
    """Keystrokes that would do damage (`:q!` throws work away, Ctrl-c stops the job)."""

    id: str
    warning: str
    keys: tuple[tuple[str, ...], ...]  # each a normalised key sequence
    cards: tuple[str, ...] = ()


def _stage_matches(rule: Rule, stage: Invocation) -> bool:
    if rule.programs and stage.program not in rule.programs:
        return False
    keys = {k for k, _ in stage.options}
    if any(o not in keys for o in rule.options):
        return False
    if rule.any_options and not keys & set(rule.any_options):
        return False
    if keys & set(rule.no_options):
        return False
    values = {k: v or "" for k, v in stage.options}
    for option, pattern in rule.option_regex:
        if option not in values or not re.search(pattern, values[option]):
            return False
    for option, pattern in rule.unless_option_regex:
        if option in values and re.search(pattern, values[option]):
            return False
    if rule.args and not set(stage.positionals) & set(rule.args):
        return False
    if rule.no_args and stage.positionals:
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


def all_stages(command: Command) -> list[Invocation]:
    """Every invocation of a line, wrappers' commands and nested command lines included."""
    return [s for top in command.stages for s in _chain(top)]


def _plain(rule: Rule, command: Command, answers: Answers = ()) -> bool:
    return any(_stage_matches(rule, s) for s in all_stages(command))


def _action_before_test(rule: Rule, command: Command, answers: Answers = ()) -> bool:
    # find evaluates its expression left to right: an action before a test runs on everything.
    for stage in all_stages(command):
        if not _stage_matches(rule, stage) or stage.spec is None:
            continue
        seen_action = False
        tests = 0
        for key, _ in stage.options:
            opt = stage.spec.option(key)
            kind = opt.find_kind if opt is not None and opt.find_kind else "test"
            tests += kind == "test"
            if kind == "operator":
                seen_action = False  # `-delete -o -name x`: the test starts another branch
            elif key in rule.options or key in rule.any_options:
                seen_action = True
            elif kind == "test" and seen_action:
                return True
    return False


def _action_without_test(rule: Rule, command: Command, answers: Answers = ()) -> bool:
    # `find runs -delete`: no test at all, so everything below the starting point.
    for stage in all_stages(command):
        if not _stage_matches(rule, stage) or stage.spec is None:
            continue
        kinds = [
            (
                opt.find_kind
                if (opt := stage.spec.option(k)) is not None and opt.find_kind
                else "test"
            )
            for k, _ in stage.options
        ]
        if "test" not in kinds:
            return True
    return False


def _written_files(stage: Invocation) -> set[str]:
    files = {t[1] for fd, t in stage.fds if t[0] == "file" and t[2] == "write" and fd in (1, 2)}
    keys = {k for k, _ in stage.options}
    if stage.spec is not None and stage.spec.writes_args and "-a" not in keys:
        files |= set(stage.positionals)  # tee f: f is emptied first
    return files


def _read_files(stage: Invocation) -> set[str]:
    files = {t[1] for fd, t in stage.fds if fd == 0 and t[0] == "file"}
    if stage.spec is None or not stage.spec.writes_args:
        files |= set(stage.positionals)
    return files


def _pipelines(command: Command) -> list[list[Invocation]]:
    pipelines: list[list[Invocation]] = [[]]
    for k, stage in enumerate(command.stages):
        pipelines[-1].append(stage)
        op = command.operators[k] if k < len(command.operators) else ""
        if op not in ("|", "|&"):
            pipelines.append([])
    return [p for p in pipelines if p]


def _redirect_onto_input(rule: Rule, command: Command, answers: Answers = ()) -> bool:
    # The shell truncates the output file before any program of the line has read it.
    for pipeline in _pipelines(command):
        stages = [s for top in pipeline for s in _chain(top)]
        read = {f for s in stages for f in _read_files(s)}
        written = {f for s in stages for f in _written_files(s)}
        if read & written and (
            not rule.programs or any(s.program in rule.programs for s in stages)
        ):
            return True
    return False


def _overwrites_file(rule: Rule, command: Command, answers: Answers = ()) -> bool:
    # `> f`, `echo > f`, `: > f`: the file is emptied before anything is written to it.
    # With args_regex, only files whose path matches count (~/.bashrc, /dev/sda).
    for stage in all_stages(command):
        if rule.programs and stage.program not in rule.programs:
            continue
        written = _written_files(stage)
        if rule.args_regex:
            written = {f for f in written if re.search(rule.args_regex, f)}
        if written:
            return True
    return False


def _runs(rule: Rule, command: Command, answers: Answers = ()) -> bool:
    # xargs rm: the wrapper runs one of `into` on whatever arrives on its input.
    return any(
        _stage_matches(rule, s) and s.inner is not None and s.inner.program in rule.into
        for s in all_stages(command)
    )


def _chain(stage: Invocation) -> list[Invocation]:
    """The invocation, what its wrappers run, and every command line nested inside."""
    out = []
    current: Invocation | None = stage
    while current is not None:
        out.append(current)
        for nested in current.nested:
            out += [s for top in nested.stages for s in _chain(top)]
        current = current.inner
    return out


def _path_dropped(rule: Rule, command: Command, answers: Answers = ()) -> bool:
    # PATH=... without ${PATH} replaces the search path: ls, python, git are no longer found.
    for stage in all_stages(command):
        values = [v for n, v in stage.env if n == "PATH"]
        if stage.program in ("export", "declare", "readonly", ""):
            values += [p.partition("=")[2] for p in stage.positionals if p.startswith("PATH=")]
        if any("${PATH}" not in v for v in values):
            return True
    return False


def _path_unsafe(rule: Rule, command: Command, answers: Answers = ()) -> bool:
    # `.` or an empty entry in PATH runs whatever file of that name the current folder holds.
    for stage in all_stages(command):
        values = [v for n, v in stage.env if n == "PATH"]
        values += [p.partition("=")[2] for p in stage.positionals if p.startswith("PATH=")]
        if any(entry in ("", ".") for v in values for entry in v.split(":")):
            return True
    return False


def _removes_other_paths(rule: Rule, command: Command, answers: Answers = ()) -> bool:
    # `rm -rf tmp_ run`: a path the task never names is deleted too (paths inside a named
    # one, such as tmp_run/*, are not "other").
    wanted = {
        p for a in answers for s in a.stages if s.program in rule.programs for p in s.positionals
    }
    if not wanted:
        return False
    typed = [p for s in command.stages if s.program in rule.programs for p in s.positionals]
    return any(not any(p == w or p.startswith(w + "/") for w in wanted) for p in typed)


def _env_lost(rule: Rule, command: Command, answers: Answers = ()) -> bool:
    return any(stage.env_lost for stage in all_stages(command))


def _pipe_to_shell(rule: Rule, command: Command, answers: Answers = ()) -> bool:
    for k, op in enumerate(command.operators):
        if op not in ("|", "|&") or k + 1 >= len(command.stages):
            continue
        if (
            command.stages[k].program in rule.programs
            and command.stages[k + 1].program in rule.into
        ):
            return True
    return False


def _deletes_more(rule: Rule, command: Command, answers: Answers = ()) -> bool:
    """find -delete on a card that deletes: more than the card's answer would.

    An or-branch or a negation, a `*` name, or fewer tests than an accepted
    answer all widen what is deleted.
    """
    for stage in all_stages(command):
        if not _stage_matches(rule, stage):
            continue
        keys = [k for k, _ in stage.options]
        actions = [i for i, k in enumerate(keys) if k in rule.any_options]
        operators = [i for i, k in enumerate(keys) if k in ("-o", "-or", "!", "-not")]
        if actions and operators and min(operators) < max(actions):
            return True  # `! -name x -delete`, `-name x -o -delete`: the action sees more
        names = [v or "" for k, v in stage.options if k in ("-name", "-iname")]
        if any(re.fullmatch(r"\\?\*|.*\\?\*", n) and not n.startswith("\\*.") for n in names):
            return True
        tests = {kv for kv in stage.options if kv[0] not in rule.any_options}
        narrowest = [
            {kv for kv in other.options if kv[0] not in rule.any_options}
            for answer in answers
            for other in all_stages(answer)
            if other.program == stage.program and _stage_matches(rule, other)
        ]
        # fewer tests than every accepted answer: some test the task needs is left out
        if narrowest and all(tests < wanted for wanted in narrowest):
            return True
    return False


CHECKS: dict[str | None, Callable[..., bool]] = {
    None: _plain,
    "action-before-test": _action_before_test,
    "redirect-onto-input": _redirect_onto_input,
    "path-dropped": _path_dropped,
    "env-lost-by-sudo": _env_lost,
    "pipe-to-shell": _pipe_to_shell,
    "overwrites-file": _overwrites_file,
    "runs": _runs,
    "deletes-more-than-asked": _deletes_more,
    "action-without-test": _action_without_test,
    "path-unsafe": _path_unsafe,
    "removes-other-paths": _removes_other_paths,
}


def matches(rule: Rule, command: Command, answers: tuple[Command, ...] = ()) -> bool:
    return CHECKS[rule.check](rule, command, answers)


def _word_key(text: str) -> str:
    """A rule's argument, read by the same parser as a typed answer: `~/*` -> `${HOME}/*`."""
    try:
        line = parse("x " + text)
    except ParseError as exc:
        raise TableError(f"dangers: cannot read argument {text!r}: {exc}") from exc
    words = line.stages[0].words
    return normalise_path(words[1].key) if len(words) == 2 else text


def load_rules(path: Path, table: CommandTable) -> tuple[tuple[Rule, ...], tuple[KeysRule, ...]]:
    """Read dangers.toml; a malformed rule raises TableError naming it."""
    from checker.quiz.shell.keys import key_tokens

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
        patterns = [
            entry.get("args_regex") or "",
            *entry.get("option_regex", {}).values(),
            *entry.get("unless_option_regex", {}).values(),
        ]
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise TableError(f"{where}: bad regex {pattern!r}: {exc}") from exc
        rule = Rule(
            id=entry["id"],
            warning=entry["warning"],
            programs=tuple(entry.get("programs", ())),
            options=tuple(entry.get("options", ())),
            any_options=tuple(entry.get("any_options", ())),
            no_options=tuple(entry.get("no_options", ())),
            args=tuple(_word_key(a) for a in entry.get("args", ())),
            args_regex=entry.get("args_regex"),
            sudo=bool(entry.get("sudo", False)),
            check=entry.get("check"),
            into=tuple(entry.get("into", ())),
            mode_bits=int(entry.get("mode_bits", "0"), 8),
            option_regex=tuple(entry.get("option_regex", {}).items()),
            unless_option_regex=tuple(entry.get("unless_option_regex", {}).items()),
            unless_answers_run=tuple(entry.get("unless_answers_run", ())),
            no_args=bool(entry.get("no_args", False)),
            cards=tuple(entry.get("cards", ())),
            exempt_only_if_right=bool(entry.get("exempt_only_if_right", False)),
        )
        for program in rule.programs:
            if table.get(program) is None and rule.check != "pipe-to-shell" and program:
                raise TableError(f"{where}: program {program!r} is not in commands.toml")
        rules.append(rule)
    keys_rules = []
    for entry in data.get("keys_rule", []):
        where = f"{path} keys_rule {entry.get('id', '?')}"
        if set(entry) - _KEYS_RULE_KEYS or not entry.get("warning") or not entry.get("keys"):
            raise TableError(f"{where}: needs id, warning and keys (and optional cards)")
        keys_rules.append(
            KeysRule(
                id=entry["id"],
                warning=entry["warning"],
                keys=tuple(key_tokens(k) for k in entry["keys"]),
                cards=tuple(entry.get("cards", ())),
            )
        )
    return tuple(rules), tuple(keys_rules)


def applies(rule: Rule | KeysRule, card_id: str | None) -> bool:
    return not rule.cards or card_id in rule.cards
