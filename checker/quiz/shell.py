"""Grading a typed shell command by meaning, not by string.

A typed line is split with `shlex` into pipeline stages; each stage becomes an
`Invocation` (environment prefix, sudo, program, options, positionals,
redirections, and the command a wrapper such as `watch` runs). Options are
normalised through a per-command table (drills/decks/linux/commands.toml) so
that flag order, grouping, long and short names and attached or separate
values do not matter. Two invocations with the same program but different
options or arguments are "close", and the feedback says what differs.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

RIGHT = "right"
CLOSE = "close"
WRONG = "wrong"
UNPARSEABLE = "unparseable"
_RANK = {RIGHT: 0, CLOSE: 1, WRONG: 2, UNPARSEABLE: 3}

# Operators that join stages; the redirections keep their place at a stage's end.
OPERATORS = frozenset({"|", "||", "&&", ";", "&"})
REDIRECTS = frozenset({">", ">>", "<", "<<", ">&", "&>", ">|", "<<<"})
# Wrappers the grader looks through: they do not change what the command does.
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
_BRACED_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_HOME_VAR = re.compile(r"\$HOME(?=/|$|:)")
_DASH_VALUE = re.compile(r"-(\d+|[A-Z][A-Z0-9]*)")
VALUE_MODES = ("none", "required", "attached")


@dataclass(frozen=True)
class ShellGrade:
    outcome: str  # "right" | "close" | "wrong" | "unparseable"
    feedback: str  # one or two sentences a learner can act on: what differs


class TableError(Exception):
    """commands.toml is malformed: a content bug, reported with file and entry."""


class ParseError(Exception):
    """A typed line the shell itself would reject (unbalanced quotes, dangling pipe)."""


@dataclass(frozen=True)
class OptionSpec:
    names: tuple[str, ...]  # the first is the one feedback shows
    help: str
    value: str = "none"  # "none", "required" (next word or attached) or "attached" only
    value_aliases: Mapping[str, str] = field(default_factory=dict)
    default: str | None = None  # the value used when the option is absent

    @property
    def key(self) -> str:
        return self.names[0]

    def normalise(self, value: str | None) -> str | None:
        if value is None:
            return None
        return self.value_aliases.get(value, value)


@dataclass(frozen=True)
class CommandSpec:
    name: str
    help: str = ""
    options: tuple[OptionSpec, ...] = ()
    aliases: tuple[str, ...] = ()
    dashless: bool = False  # `tar xzf` / `ps aux`: a first word without dash is a flag cluster
    dash_value: str | None = None  # `head -5` / `kill -9`: the option a bare -N sets
    single_dash_words: bool = False  # find: `-name`, `-newer` are whole words, never clusters
    runs_command: bool = False  # watch, nohup: the first positional starts another command
    unordered: bool = False  # rm a b == rm b a
    literal_args: bool = False  # patterns and scripts: a trailing slash is significant
    words: Mapping[str, str] = field(default_factory=dict)  # positional synonyms (ip a)

    def option(self, name: str) -> OptionSpec | None:
        for spec in self.options:
            if name in spec.names:
                return spec
        return None

    def long_option(self, name: str) -> OptionSpec | None:
        """`--name`, or an unambiguous prefix of one, as GNU getopt allows."""
        exact = self.option(name)
        if exact is not None:
            return exact
        matches = [
            spec
            for spec in self.options
            if any(n.startswith("--") and n.startswith(name) for n in spec.names)
        ]
        return matches[0] if len(matches) == 1 else None

    def describe(self, key: str) -> str:
        spec = self.option(key)
        return f"{key} ({spec.help})" if spec is not None and spec.help else key


@dataclass(frozen=True)
class CommandTable:
    commands: Mapping[str, CommandSpec]  # by program name and by each alias

    def get(self, program: str) -> CommandSpec | None:
        return self.commands.get(program)


@dataclass(frozen=True)
class Invocation:
    """One stage of a command line, normalised for comparison."""

    program: str
    options: tuple[tuple[str, str | None], ...] = ()  # sorted (option key, value)
    positionals: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()
    sudo: bool = False
    redirects: tuple[str, ...] = ()
    inner: Invocation | None = None  # the command a wrapper (watch, nohup) runs
    spec: CommandSpec | None = None
    # How many positionals came before the first option; only used to re-render.
    leading_positionals: int = 0


@dataclass(frozen=True)
class CommandLine:
    stages: tuple[Invocation, ...]
    operators: tuple[str, ...]  # operators[i] follows stages[i]


# ---------------------------------------------------------------- the table


def _option_from_toml(entry: object, where: str) -> OptionSpec:
    if not isinstance(entry, dict):
        raise TableError(f"{where}: each option must be a table")
    names = entry.get("names")
    if (
        not isinstance(names, list)
        or not names
        or not all(isinstance(n, str) and n.startswith("-") and len(n) > 1 for n in names)
    ):
        raise TableError(f'{where}: \'names\' must be a non-empty list like ["-h", "--help"]')
    value = entry.get("value", False)
    mode = {False: "none", True: "required", "attached": "attached"}.get(value)
    if mode is None:
        raise TableError(f"{where} {names[0]}: 'value' must be true, false or \"attached\"")
    aliases = entry.get("value_aliases", {})
    if not isinstance(aliases, dict) or not all(isinstance(v, str) for v in aliases.values()):
        raise TableError(f"{where} {names[0]}: 'value_aliases' must map strings to strings")
    help_text = entry.get("help", "")
    default = entry.get("default")
    if not isinstance(help_text, str) or not isinstance(default, str | None):
        raise TableError(f"{where} {names[0]}: 'help' and 'default' must be strings")
    return OptionSpec(tuple(names), help_text, mode, dict(aliases), default)


def _command_from_toml(name: str, data: object, where: str) -> CommandSpec:
    if not isinstance(data, dict):
        raise TableError(f"{where}: [{name}] must be a table")
    known = {
        "help",
        "options",
        "aliases",
        "dashless",
        "dash_value",
        "single_dash_words",
        "runs_command",
        "unordered",
        "literal_args",
        "words",
    }
    unknown = sorted(set(data) - known)
    if unknown:
        raise TableError(f"{where}: [{name}] has unknown key(s) {', '.join(unknown)}")
    options = tuple(
        _option_from_toml(entry, f"{where} [{name}]") for entry in data.get("options", [])
    )
    spec = CommandSpec(
        name=name,
        help=str(data.get("help", "")),
        options=options,
        aliases=tuple(data.get("aliases", ())),
        dashless=bool(data.get("dashless", False)),
        dash_value=data.get("dash_value"),
        single_dash_words=bool(data.get("single_dash_words", False)),
        runs_command=bool(data.get("runs_command", False)),
        unordered=bool(data.get("unordered", False)),
        literal_args=bool(data.get("literal_args", False)),
        words=dict(data.get("words", {})),
    )
    if spec.dash_value is not None and spec.option(spec.dash_value) is None:
        raise TableError(
            f"{where}: [{name}] dash_value {spec.dash_value} is not one of its options"
        )
    return spec


def load_command_table(path: Path) -> CommandTable:
    """Read the option table; a malformed file raises TableError naming the entry."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TableError(f"{path}: {exc}") from exc
    commands: dict[str, CommandSpec] = {}
    for name, entry in data.items():
        spec = _command_from_toml(name, entry, str(path))
        for program in (name, *spec.aliases):
            if program in commands:
                raise TableError(f"{path}: program '{program}' is described twice")
            commands[program] = spec
    return CommandTable(commands)


# ---------------------------------------------------------------- parsing


def _tokens(text: str) -> list[str]:
    lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        return list(lexer)
    except ValueError as exc:
        # shlex says "No closing quotation" or "No escaped character".
        if "quotation" in str(exc):
            raise ParseError("The quotes are not balanced: close every ' and \" you open.") from exc
        raise ParseError("The line ends with a lone backslash.") from exc


def _normalise_word(token: str) -> str:
    # `${HOME}` and `$HOME` and `~` mean the same to the shell in these places.
    token = _BRACED_VAR.sub(r"$\1", token)
    return _HOME_VAR.sub("~", token)


def _strip_slash(token: str) -> str:
    # `ls dir/` and `ls dir` name the same directory for every command in the table.
    return token.rstrip("/") if len(token) > 1 and token.strip("/") else token


def _take_value(args: list[str], i: int) -> tuple[str | None, int]:
    # A value-taking option at the very end has no value: graded as a difference, not an error.
    if i + 1 >= len(args):
        return None, i + 1
    return args[i + 1], i + 2


def _parse_cluster(
    letters: str, args: list[str], i: int, spec: CommandSpec, dashless: bool
) -> tuple[list[tuple[str, str | None]], int]:
    """`-xzf a.tgz`, `-n5`, `xzf a.tgz`; returns the options and the next index."""
    found: list[tuple[str, str | None]] = []
    waiting: list[OptionSpec] = []  # dashless clusters take values from the next words
    nxt = i + 1
    for j, letter in enumerate(letters):
        opt = spec.option("-" + letter)
        if opt is None:
            found.append(("-" + letter, None))
            continue
        if opt.value == "none":
            found.append((opt.key, None))
            continue
        rest = letters[j + 1 :]
        if dashless and opt.value == "required":
            waiting.append(opt)
            continue
        if rest or opt.value == "attached":
            found.append((opt.key, opt.normalise(rest or None)))
            return found, nxt
        value, nxt = _take_value(args, i)
        found.append((opt.key, opt.normalise(value)))
        return found, nxt
    for opt in waiting:
        value = args[nxt] if nxt < len(args) else None
        found.append((opt.key, opt.normalise(value)))
        nxt += 1
    return found, nxt


def _is_dashless_cluster(token: str, spec: CommandSpec) -> bool:
    return token.isalpha() and all(spec.option("-" + c) is not None for c in token)


def _parse_option(
    args: list[str], i: int, spec: CommandSpec
) -> tuple[list[tuple[str, str | None]], int]:
    token = args[i]
    if token.startswith("--"):
        name, eq, attached = token.partition("=")
        opt = spec.long_option(name)
        if opt is None:
            return [(name, attached if eq else None)], i + 1
        if eq or opt.value != "required":
            return [(opt.key, opt.normalise(attached) if eq else None)], i + 1
        value, nxt = _take_value(args, i)
        return [(opt.key, opt.normalise(value))], nxt
    whole = spec.option(token)
    if whole is not None:
        if whole.value == "required":
            value, nxt = _take_value(args, i)
            return [(whole.key, whole.normalise(value))], nxt
        return [(whole.key, None)], i + 1
    if spec.dash_value and _DASH_VALUE.fullmatch(token):
        opt = spec.option(spec.dash_value)
        assert opt is not None  # checked when the table was loaded
        return [(opt.key, opt.normalise(token[1:]))], i + 1
    if spec.single_dash_words:
        return [(token, None)], i + 1
    return _parse_cluster(token[1:], args, i, spec, dashless=False)


def _parse_known(args: list[str], spec: CommandSpec, table: CommandTable) -> Invocation:
    options: list[tuple[str, str | None]] = []
    positionals: list[str] = []
    leading: int | None = None
    inner: Invocation | None = None
    only_positionals = False
    i = 0
    while i < len(args):
        token = args[i]
        if token == "--" and not only_positionals:
            only_positionals = True
            i += 1
            continue
        is_option = token.startswith("-") and token != "-" and not only_positionals
        if spec.runs_command and not is_option:
            inner = _parse_words(_wrapped(args[i:]), table)
            break
        if not is_option and spec.dashless and i == 0 and _is_dashless_cluster(token, spec):
            found, i = _parse_cluster(token, args, i, spec, dashless=True)
        elif is_option:
            found, i = _parse_option(args, i, spec)
        else:
            word = spec.words.get(token, token)
            positionals.append(word if spec.literal_args else _strip_slash(word))
            i += 1
            continue
        if leading is None:
            leading = len(positionals)
        options.extend(found)
    if spec.runs_command and inner is None:
        raise ParseError(f"{spec.name} needs a command to run after it.")
    return Invocation(
        program=spec.name,
        options=_normalise_options(options, spec),
        positionals=tuple(positionals),
        inner=inner,
        spec=spec,
        leading_positionals=len(positionals) if leading is None else leading,
    )


def _normalise_options(
    options: list[tuple[str, str | None]], spec: CommandSpec
) -> tuple[tuple[str, str | None], ...]:
    kept = []
    for key, value in options:
        opt = spec.option(key)
        if opt is not None and opt.default is not None and value == opt.default:
            continue  # `kill -15` is what `kill` does anyway
        if value is not None and not spec.literal_args:
            value = _strip_slash(value)
        kept.append((key, value))
    return tuple(sorted(kept, key=lambda kv: (kv[0], kv[1] or "")))


def _wrapped(words: list[str]) -> list[str]:
    # `watch 'nvidia-smi -l 1'` hands one string to sh -c: split it like the shell would.
    if len(words) == 1 and " " in words[0]:
        return _tokens(words[0])
    return words


def _parse_words(words: list[str], table: CommandTable) -> Invocation:
    """One stage: environment prefix, sudo, program and its arguments."""
    words = [_normalise_word(w) for w in words]
    redirects: list[str] = []
    for k, word in enumerate(words):
        if word in REDIRECTS:
            start = k - 1 if k > 0 and words[k - 1].isdigit() else k
            redirects = words[start:]
            words = words[:start]
            break
    env: list[tuple[str, str]] = []
    sudo = False
    i = 0
    while i < len(words):
        if _ASSIGNMENT.match(words[i]):
            name, _, value = words[i].partition("=")
            env.append((name, value))
        elif words[i] == "sudo" and not sudo:
            sudo = True
        elif words[i] == "env" and i + 1 < len(words) and _ASSIGNMENT.match(words[i + 1]):
            pass  # `env A=1 cmd` is the same as `A=1 cmd`
        else:
            break
        i += 1
    if i == len(words):
        if sudo:
            raise ParseError("There is no command after sudo.")
        return Invocation(program="", env=tuple(sorted(env)), redirects=tuple(redirects))
    program, args = words[i], words[i + 1 :]
    spec = table.get(program)
    if spec is None:
        parsed = Invocation(program=program, positionals=tuple(args))
    else:
        parsed = _parse_known(args, spec, table)
    return Invocation(
        program=parsed.program,
        options=parsed.options,
        positionals=parsed.positionals,
        env=tuple(sorted(env)),
        sudo=sudo,
        redirects=tuple(redirects),
        inner=parsed.inner,
        spec=spec,
        leading_positionals=parsed.leading_positionals,
    )


def parse_line(text: str, table: CommandTable) -> CommandLine:
    """Split a typed line into normalised stages; raises ParseError on shell syntax errors."""
    tokens = _tokens(text)
    if not tokens:
        raise ParseError("Empty answer: type a command.")
    stages: list[Invocation] = []
    operators: list[str] = []
    current: list[str] = []
    for token in tokens:
        if token in OPERATORS:
            if not current:
                raise ParseError(f"`{token}` needs a command before it.")
            stages.append(_parse_words(current, table))
            operators.append(token)
            current = []
        elif token in {"(", ")"} or set(token) <= set("|&;<>()"):
            if token in REDIRECTS:
                current.append(token)
            else:
                raise ParseError(f"`{token}` is not something this quiz can grade.")
        else:
            current.append(token)
    if current:
        stages.append(_parse_words(current, table))
    elif operators[-1] not in {"&", ";"}:
        raise ParseError(f"`{operators[-1]}` needs a command after it.")
    return CommandLine(tuple(stages), tuple(operators))


# ---------------------------------------------------------------- comparing


@dataclass(frozen=True)
class _Verdict:
    outcome: str
    differences: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def _show_value(value: str | None) -> str:
    return "no value" if value is None else repr(value)


def _compare_options(expected: Invocation, typed: Invocation) -> list[str]:
    spec = expected.spec
    describe = spec.describe if spec is not None else (lambda k: k)
    want, got = Counter(expected.options), Counter(typed.options)
    if want == got:
        return []
    want_by_key = {k: v for k, v in expected.options}
    got_by_key = {k: v for k, v in typed.options}
    out: list[str] = []
    for key in sorted(set(want_by_key) & set(got_by_key)):
        if want_by_key[key] != got_by_key[key]:
            out.append(
                f"{describe(key)} should be {_show_value(want_by_key[key])}, "
                f"not {_show_value(got_by_key[key])}"
            )
    missing = [k for k in want_by_key if k not in got_by_key]
    extra = [k for k in got_by_key if k not in want_by_key]
    out += [f"missing {describe(k)}" for k in sorted(missing)]
    out += [f"extra {describe(k)}" for k in sorted(extra)]
    return out or ["an option is given a different number of times"]


def _compare_positionals(expected: Invocation, typed: Invocation) -> list[str]:
    want, got = expected.positionals, typed.positionals
    unordered = expected.spec is not None and expected.spec.unordered
    if want == got or (unordered and Counter(want) == Counter(got)):
        return []
    if Counter(want) == Counter(got):
        return [
            f"the same arguments in the wrong order: {expected.program} expects `{' '.join(want)}`"
        ]
    missing = list((Counter(want) - Counter(got)).elements())
    extra = list((Counter(got) - Counter(want)).elements())
    out = [f"missing argument `{w}`" for w in missing]
    out += [f"unexpected argument `{w}`" for w in extra]
    return out


def _compare_env(expected: Invocation, typed: Invocation) -> list[str]:
    want, got = dict(expected.env), dict(typed.env)
    out = []
    for name in sorted(set(want) | set(got)):
        if name not in got:
            out.append(f"missing {name}={want[name]} in front of the command")
        elif name not in want:
            out.append(f"{name}={got[name]} is not needed")
        elif want[name] != got[name]:
            out.append(f"{name} should be {want[name]!r}, not {got[name]!r}")
    return out


def _compare(expected: Invocation, typed: Invocation) -> _Verdict:
    if expected.program != typed.program:
        return _compare_wrapper(expected, typed)
    differences: list[str] = []
    notes: list[str] = []
    if expected.sudo and not typed.sudo:
        differences.append("missing sudo (this needs root)")
    elif typed.sudo and not expected.sudo:
        notes.append("sudo was not needed here.")
    differences += _compare_env(expected, typed)
    differences += _compare_options(expected, typed)
    differences += _compare_positionals(expected, typed)
    if expected.redirects != typed.redirects:
        if not expected.redirects:
            differences.append(f"no redirection is needed (`{_show_redirects(typed.redirects)}`)")
        else:
            differences.append(f"the redirection should be `{_show_redirects(expected.redirects)}`")
    if expected.inner is not None and typed.inner is not None:
        inner = _compare(expected.inner, typed.inner)
        if inner.outcome == WRONG:
            return inner
        differences += [f"in the command {expected.program} runs, {d}" for d in inner.differences]
        notes += inner.notes
    if differences:
        return _Verdict(CLOSE, tuple(differences), tuple(notes))
    return _Verdict(RIGHT, (), tuple(notes))


def _compare_wrapper(expected: Invocation, typed: Invocation) -> _Verdict:
    """`python train.py` against `nohup python train.py`: close, with the wrapper named."""
    if expected.inner is not None and expected.inner.program == typed.program:
        inner = _compare(expected.inner, typed)
        if inner.outcome != WRONG:
            return _Verdict(CLOSE, (f"missing `{expected.program}` in front",) + inner.differences)
    if typed.inner is not None and typed.inner.program == expected.program:
        inner = _compare(expected, typed.inner)
        if inner.outcome != WRONG:
            return _Verdict(
                CLOSE, (f"`{typed.program}` in front is not wanted",) + inner.differences
            )
    if not typed.program:
        return _Verdict(
            WRONG, (f"your answer only sets variables; this task runs `{expected.program}`",)
        )
    if not expected.program:
        return _Verdict(WRONG, ("this task only sets a variable, it runs no program",))
    return _Verdict(
        WRONG, (f"`{typed.program}` is not the program for this (expected `{expected.program}`)",)
    )


def _describe_shape(line: CommandLine) -> str:
    if not line.operators:
        return "a single command"
    joined = " ".join(f"`{op}`" for op in line.operators)
    return f"{len(line.stages)} command(s) joined by {joined}"


def _shape_difference(expected: CommandLine, typed: CommandLine) -> str:
    return f"this needs {_describe_shape(expected)}, yours is {_describe_shape(typed)}"


def _show_redirects(tokens: Sequence[str]) -> str:
    # shlex splits `2>&1` into 2, >&, 1: glue them back for display.
    text = ""
    for k, token in enumerate(tokens):
        glue = k > 0 and (
            (token in REDIRECTS and tokens[k - 1].isdigit()) or tokens[k - 1] in {">&", "<&"}
        )
        text += token if glue or not text else " " + token
    return text


def _stage_label(stage: Invocation, index: int, count: int) -> str:
    return f"in stage {index + 1} (`{stage.program}`): " if count > 1 else ""


def _compare_lines(expected: CommandLine, typed: CommandLine) -> _Verdict:
    if len(expected.stages) != len(typed.stages) or expected.operators != typed.operators:
        first = _compare(expected.stages[0], typed.stages[0])
        if first.outcome == WRONG:
            return first
        return _Verdict(CLOSE, (_shape_difference(expected, typed),) + first.differences)
    differences: list[str] = []
    notes: list[str] = []
    worst = RIGHT
    count = len(expected.stages)
    for index, (want, got) in enumerate(zip(expected.stages, typed.stages, strict=True)):
        verdict = _compare(want, got)
        if verdict.outcome == WRONG and index == 0:
            return verdict
        if verdict.differences:
            label = _stage_label(want, index, count)
            differences.append(label + ", ".join(verdict.differences))
        notes += verdict.notes
        if _RANK[verdict.outcome] > _RANK[worst]:
            worst = verdict.outcome
    # The first program is right, so a wrong later stage is still "close".
    return _Verdict(CLOSE if worst == WRONG else worst, tuple(differences), tuple(notes))


_MAX_DIFFERENCES = 4  # feedback stays a sentence or two


def _listing(parts: Sequence[str]) -> str:
    shown = list(parts[:_MAX_DIFFERENCES])
    if len(parts) > _MAX_DIFFERENCES:
        shown.append(f"and {len(parts) - _MAX_DIFFERENCES} more difference(s)")
    text = "; ".join(shown)
    return text + ("" if text.endswith(".") else ".")


def _feedback(verdict: _Verdict) -> str:
    if verdict.outcome == RIGHT:
        return " ".join(("Correct.",) + verdict.notes)
    if verdict.outcome == CLOSE:
        return "Right program, but " + _listing(verdict.differences)
    text = _listing(verdict.differences)
    return text[0].upper() + text[1:]


def grade_command(typed: str, accepted: Sequence[str], table: CommandTable) -> ShellGrade:
    """Grade `typed` against every accepted command and keep the best match."""
    if not accepted:
        raise ValueError("a card needs at least one accepted command")
    if not typed.strip():
        return ShellGrade(UNPARSEABLE, "Empty answer: type a command.")
    try:
        line = parse_line(typed, table)
    except ParseError as exc:
        return ShellGrade(UNPARSEABLE, str(exc))
    best: _Verdict | None = None
    for answer in accepted:
        verdict = _compare_lines(parse_line(answer, table), line)
        if best is None or (_RANK[verdict.outcome], len(verdict.differences)) < (
            _RANK[best.outcome],
            len(best.differences),
        ):
            best = verdict
    assert best is not None
    return ShellGrade(best.outcome, _feedback(best))


# ---------------------------------------------------------------- vim keys

_ENTER_SUFFIXES = ("<Enter>", "<enter>", "<CR>", "<cr>", "<Return>")


def _strip_enter(keys: str) -> str:
    for suffix in _ENTER_SUFFIXES:
        if keys.endswith(suffix):
            return keys[: -len(suffix)].rstrip()
    return keys


def grade_keys(typed: str, accepted: Sequence[str]) -> ShellGrade:
    """Vim keystrokes: exact after trimming (a trailing <Enter> is allowed)."""
    if not accepted:
        raise ValueError("a card needs at least one accepted key sequence")
    keys = _strip_enter(typed.strip())
    if not keys:
        return ShellGrade(UNPARSEABLE, "Empty answer: type the keys you would press.")
    wanted = [_strip_enter(a.strip()) for a in accepted]
    if keys in wanted:
        return ShellGrade(RIGHT, "Correct.")
    squashed = "".join(keys.split())
    for want in wanted:
        if "".join(want.split()) == squashed:
            return ShellGrade(CLOSE, f"The right keys, but without the spaces: `{want}`.")
        if want.lower() == keys.lower():
            return ShellGrade(CLOSE, f"Vim keys are case-sensitive: `{keys}` is not `{want}`.")
        if want.startswith(":") and want[1:] == keys:
            return ShellGrade(CLOSE, f"An Ex command starts with a colon: `{want}`.")
    return ShellGrade(WRONG, f"`{keys}` does something else in vim.")
