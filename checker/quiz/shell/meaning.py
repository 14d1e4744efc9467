"""What a parsed command means to the program it runs, normalised for comparison.

A `Simple` command from syntax.py becomes an `Invocation`: the program, its
options as (name, value) pairs under one spelling, its plain arguments as
paths or text, the environment it is given, whether it runs under sudo, and
where each of its file descriptors ends up after the redirections. Two
invocations that are equal do the same thing; the fields that differ are what
feedback talks about.
"""

from __future__ import annotations

import io
import math
import re
import shlex
import tokenize
from dataclasses import dataclass, replace

from checker.quiz.shell.syntax import MAX_NESTING, Line, ParseError, Simple, Word, parse
from checker.quiz.shell.table import CommandSpec, CommandTable, OptionSpec

_ASSIGNMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)", re.S)
_SIGNAL_NUMBERS = {
    "1": "HUP",
    "2": "INT",
    "3": "QUIT",
    "6": "ABRT",
    "9": "KILL",
    "10": "USR1",
    "12": "USR2",
    "13": "PIPE",
    "14": "ALRM",
    "15": "TERM",
    "17": "CHLD",
    "18": "CONT",
    "19": "STOP",
    "20": "TSTP",
}  # Linux numbering on x86 and ARM
_SIGNAL_NAMES = frozenset(_SIGNAL_NUMBERS.values())
_STANDARD = {0: ("terminal", "0"), 1: ("terminal", "1"), 2: ("terminal", "2")}
_CWD = ("$(pwd)", "${PWD}", "$(pwd -P)")

Option = tuple[str, str | None]
Target = tuple[str, ...]


@dataclass(frozen=True)
class Invocation:
    """One simple command, normalised."""

    program: str  # "" when the command only sets variables
    options: tuple[Option, ...] = ()  # sorted, except where order is meaning (find)
    positionals: tuple[str, ...] = ()  # word keys, paths normalised
    shown: tuple[str, ...] = ()  # the positionals as typed, for feedback
    env: tuple[tuple[str, str], ...] = ()
    sudo: bool = False
    sudo_keeps_env: tuple[str, ...] = ()  # variables sudo passes on (-E: "*")
    env_lost: tuple[str, ...] = ()  # variables set in front of sudo, which sudo drops
    fds: tuple[tuple[int, Target], ...] = ()  # descriptors the redirections changed
    inner: Invocation | None = None  # the command a wrapper (watch, nohup) runs
    spec: CommandSpec | None = None
    problems: tuple[str, ...] = ()  # what makes the program refuse to run (ambiguous --h)
    ordered: bool = False  # options compared as a sequence (find's expression)
    source: str = ""
    # Command lines this one runs besides its own program: $(...), find -exec,
    # sh -c '...', ssh host '...'. Only the danger rules look inside them.
    nested: tuple[Command, ...] = ()


@dataclass(frozen=True)
class Command:
    """A whole typed line: invocations and the operators between them."""

    stages: tuple[Invocation, ...]
    operators: tuple[str, ...]  # operators[i] follows stages[i]; may end with & or ;


# ------------------------------------------------------------------ values


def normalise_path(key: str) -> str:
    """`./x` = `x`, `x/` = `x`, `a//b` = `a/b`, `$(pwd)` = `.` for a path argument."""
    for cwd in _CWD:
        if key == cwd:
            return "."
        if key.startswith(cwd + "/"):
            key = key[len(cwd) + 1 :] or "."
    while "//" in key:
        key = key.replace("//", "/")
    while key.startswith("./") and len(key) > 2:
        key = key[2:]
    if key == "./":
        return "."
    if len(key) > 1 and key.endswith("/"):
        key = key.rstrip("/") or "/"
    return key


def _keep_slash(key: str) -> str:
    """As normalise_path, but a trailing slash is part of the meaning (rsync sources)."""
    slash = key.endswith("/") and len(key) > 1
    path = normalise_path(key)
    return path + "/" if slash and path != "/" else path


def normalise_signal(value: str) -> str | None:
    """`9`, `KILL`, `kill`, `SIGKILL`, `sigkill` -> `KILL`; None if not a signal."""
    text = value.upper().removeprefix("SIG")
    if value.isdigit():
        return _SIGNAL_NUMBERS.get(value, value)
    return text if text in _SIGNAL_NAMES else None


_WHO = {"u": 0o4700, "g": 0o2070, "o": 0o1007}  # the bits each class can hold
_PERM = {"r": 0o444, "w": 0o222, "x": 0o111, "s": 0o6000, "t": 0o1000}


def normalise_mode(mode: str) -> str:
    """chmod modes: `0755` = `755`, `u=rwx,go=rx` = `755`, `+x` = `a+x`.

    Absolute modes become octal; relative ones become per-class changes in a
    fixed order, so the same change written two ways compares equal.
    """
    if re.fullmatch(r"[0-7]{1,5}", mode):
        return format(int(mode, 8), "o")
    state = {c: [0, 0, False] for c in "ugo"}  # bits set, bits cleared, set absolutely
    for clause in mode.split(","):
        match = re.fullmatch(r"([ugoa]*)([-+=])([rwxXst]*)", clause)
        if match is None:
            return mode
        who, op, perms = match.groups()
        classes = "ugo" if who in ("", "a") or "a" in who else who
        for c in classes:
            bits = sum(_PERM.get(p, 0) for p in perms) & _WHO[c]
            if "X" in perms:
                return mode  # depends on the file: compare as written
            entry = state[c]
            if op == "=":
                entry[:] = [bits, _WHO[c] & ~bits, True]
            elif op == "+":
                entry[0] |= bits
                entry[1] &= ~bits
            else:
                entry[1] |= bits
                entry[0] &= ~bits
    if all(entry[2] for entry in state.values()):
        return format(sum(entry[0] for entry in state.values()), "o")
    parts = []
    for c in "ugo":
        set_bits, cleared, _ = state[c]
        if set_bits:
            parts.append(f"{c}+{_letters(c, set_bits)}")
        if cleared:
            parts.append(f"{c}-{_letters(c, cleared)}")
    return ",".join(parts) or "u+"


def _letters(who: str, bits: int) -> str:
    """The rwx letters of one class's bits: _letters("g", 0o020) == "w"."""
    shift = {"u": 6, "g": 3, "o": 0}[who]
    letters = "".join(ch for ch, b in (("r", 4), ("w", 2), ("x", 1)) if bits >> shift & b)
    special = {"u": 0o4000, "g": 0o2000, "o": 0o1000}[who]
    return letters + ({"u": "s", "g": "s", "o": "t"}[who] if bits & special else "")


def mode_bits(mode: str) -> int | None:
    """The permission bits an absolute mode grants, or the bits a relative one adds."""
    canonical = normalise_mode(mode)
    if re.fullmatch(r"[0-7]+", canonical):
        return int(canonical, 8)
    total = 0
    for part in canonical.split(","):
        match = re.fullmatch(r"([ugo])([-+])([rwxst]*)", part)
        if match is None:
            return None
        who, op, letters = match.groups()
        if op == "+":
            total |= sum(_PERM[p] for p in letters) & _WHO[who]
    return total


def normalise_number(value: str) -> str:
    """`1.0` = `1` = `01`; anything that is not a plain number stays as it is."""
    try:
        number = float(value)
    except ValueError:
        return value
    return format(number, "g") if math.isfinite(number) else value


def normalise_python(code: str) -> str:
    """Python source compared token by token: `import sys;print(x)` = `import sys; print(x)`."""
    try:
        tokens = tokenize.generate_tokens(io.StringIO(code).readline)
        kept = [
            t.string
            for t in tokens
            if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.ENDMARKER, tokenize.COMMENT)
        ]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return code
    return " ".join(kept)


def _value(opt: OptionSpec, value: str | None, spec: CommandSpec) -> str | None:
    if value is None:
        return None
    value = opt.value_aliases.get(value, value)
    kind = opt.value_kind
    if kind is None and not (spec.literal_args or spec.text_args):
        kind = "path"  # most values are files and directories: `-C ./out/` = `-C out`
    if kind == "signal":
        value = normalise_signal(value) or value
    elif kind == "path":
        value = normalise_path(value)
    elif kind == "mode":
        value = normalise_mode(value)
    elif kind == "number":
        value = normalise_number(value)
    elif kind == "caseless":
        value = value.lower()
    elif kind == "python":
        value = normalise_python(value)
    return opt.value_aliases.get(value, value)


# ------------------------------------------------------------------ options


@dataclass
class _Args:
    """The words after the program, read one at a time."""

    words: list[Word]
    i: int = 0

    def next_value(self) -> str | None:
        # A value-taking option at the very end has no value: a difference, not an error.
        if self.i >= len(self.words):
            return None
        self.i += 1
        return self.words[self.i - 1].key


def _cluster(
    letters: str, args: _Args, spec: CommandSpec, dashless: bool, key: str = ""
) -> list[Option]:
    """`-xzf a.tgz`, `-n5`, `xzf a.tgz`, `aux`; `key` is the word as the shell reads it."""
    found: list[Option] = []
    waiting: list[OptionSpec] = []  # a dashless cluster's values are the next words
    bsd = dashless and bool(spec.bsd_options)
    for j, letter in enumerate(letters):
        opt = spec.option(letter if bsd else "-" + letter, bsd=bsd)
        if opt is None:
            found.append((("bsd:" if bsd else "-") + letter, None))
            continue
        if opt.value == "none":
            found.append((opt.key, None))
            continue
        rest = letters[j + 1 :]
        if key:
            rest = key[j + 2 :]  # as the shell reads it: a quoted * in `-e"s/a*/b/"` stays quoted
        if dashless and opt.value == "required":
            waiting.append(opt)
            continue
        if rest or opt.value == "attached":
            found.append((opt.key, _value(opt, rest or None, spec)))
            return found
        found.append((opt.key, _value(opt, args.next_value(), spec)))
        return found
    found += [(opt.key, _value(opt, args.next_value(), spec)) for opt in waiting]
    return found


def _until_terminator(
    args: _Args, table: CommandTable, nesting: int, problems: list[str], name: str
) -> str:
    """find's -exec: the words up to `;` (one run per file) or `+` (many files per run)
    are a command, compared by its meaning: `-exec rm -v {} +` is `-exec rm {} +`."""
    words: list[Word] = []
    terminator = ""
    while args.i < len(args.words):
        word = args.words[args.i]
        args.i += 1
        if word.key in (";", "+"):
            terminator = word.key
            break
        words.append(word)
    if not terminator:
        problems.append(f"find: missing argument to `{name}`: end it with \\; or +")
    if not words:
        return terminator
    try:
        inner = _canonical_text(_program_words(words, table, nesting + 1))
    except ParseError:
        inner = " ".join(w.key for w in words)
    return f"{inner} {terminator}".strip()


def _canonical_text(inv: Invocation) -> str:
    """One invocation as text, its harmless extra flags left out: `rm -v {}` -> `rm {}`."""
    spec = inv.spec
    options = [
        (k, v)
        for k, v in inv.options
        if spec is None or (opt := spec.option(k)) is None or not opt.harmless
    ]
    words = [inv.program] + [k if v is None else f"{k} {v}" for k, v in options]
    return " ".join(words + list(inv.positionals))


def _option(
    word: Word,
    args: _Args,
    spec: CommandSpec,
    problems: list[str],
    table: CommandTable,
    nesting: int,
) -> list[Option]:
    """One option word (already consumed from args); returns what it sets."""
    text = word.text
    if text.startswith("--"):
        name, eq, _ = text.partition("=")
        # `--include=*.py`: bash would expand that glob only if a file were named
        # `--include=...`, so its * reaches the program as typed, like a quoted one.
        attached = re.sub(r"(?<!\\)([*?[])", r"\\\1", word.key.partition("=")[2])
        opt, full, ambiguous = spec.long_option(name)
        if ambiguous:
            problems.append(
                f"`{name}` is ambiguous for {spec.name} ({', '.join(ambiguous)}): "
                f"{spec.name} refuses to run"
            )
            return [("?" + name, None)]
        if eq and not spec.long_equals:
            problems.append(f"{spec.name} does not accept `{name}=VALUE`: write `{name} VALUE`")
        if opt is None:
            return [(full, attached if eq else None)]
        if eq or opt.value not in ("required",):
            return [(opt.key, _value(opt, attached, spec) if eq else None)]
        return [(opt.key, _value(opt, args.next_value(), spec))]
    whole = spec.option(text)
    if whole is not None:
        if whole.value == "until-terminator":
            return [(whole.key, _until_terminator(args, table, nesting, problems, text))]
        if whole.value == "required":
            return [(whole.key, _value(whole, args.next_value(), spec))]
        return [(whole.key, None)]
    if spec.single_dash_words:
        return [(text, None)]
    return _cluster(text[1:], args, spec, dashless=False, key=word.key)


def _dash_value(text: str, spec: CommandSpec) -> Option | None:
    """`head -5`, `kill -9`, `kill -KILL`, `kill -term`: a bare -VALUE sets dash_value."""
    if spec.dash_value is None or not re.fullmatch(r"-[A-Za-z0-9]+", text):
        return None
    opt = spec.option(spec.dash_value)
    assert opt is not None  # checked when the table was loaded
    first = spec.option("-" + text[1])
    if first is not None and first.value != "none" and not text[1].isdigit():
        return None  # bash reads `kill -sigterm` as `-s igterm`, and fails
    value = text[1:]
    if opt.value_kind == "signal":
        if normalise_signal(value) is None:
            return None
    elif not value.isdigit():
        return None
    return (opt.key, _value(opt, value, spec))


def _positional(key: str, index: int, spec: CommandSpec) -> str:
    if spec.text_args or (spec.literal_args and index == 0):
        return key
    if spec.mode_arg and index == 0:
        return normalise_mode(key)
    return normalise_path(key)


# ------------------------------------------------------------------ commands


def _option_order(option: Option) -> tuple[str, str]:
    return (option[0], option[1] or "")


def _find_order(options: list[Option], spec: CommandSpec) -> tuple[tuple[Option, ...], bool]:
    """find's expression: tests are ANDed and commute, actions run where they stand.

    Returns the canonical sequence and whether it is compared in order. With -o,
    !, or parentheses the expression is kept exactly as written.
    """
    kinds = []
    for key, _ in options:
        opt = spec.option(key)
        kinds.append(opt.find_kind if opt is not None and opt.find_kind else "test")
    kept = [
        (kv, kind) for kv, kind in zip(options, kinds, strict=True) if kv[0] not in ("-a", "-and")
    ]
    if any(kind == "operator" for _, kind in kept):
        return tuple(kv for kv, _ in kept), True
    last_test = max((k for k, (_, kind) in enumerate(kept) if kind == "test"), default=-1)
    first_action = min(
        (k for k, (_, kind) in enumerate(kept) if kind == "action"), default=len(kept)
    )
    if first_action < last_test:
        return tuple(kv for kv, _ in kept), True  # an action before a test: order is meaning
    globals_ = sorted((kv for kv, kind in kept if kind == "global"), key=_option_order)
    tests = sorted((kv for kv, kind in kept if kind == "test"), key=_option_order)
    actions = [kv for kv, kind in kept if kind == "action"]
    return (*globals_, *tests, *actions), True


def _read_arguments(
    words: list[Word], spec: CommandSpec, table: CommandTable, nesting: int
) -> Invocation:
    args = _Args([_rewritten(w, spec) for w in words])
    options: list[Option] = []
    positionals: list[str] = []
    shown: list[str] = []
    problems: list[str] = []
    inner: Invocation | None = None
    only_positionals = False
    dash_value_seen = False
    while args.i < len(args.words):
        word = args.words[args.i]
        text = word.text
        args.i += 1
        if text == "--" and not only_positionals and not spec.expression:
            only_positionals = True
            continue
        if spec.posix_order and len(positionals) > (1 if spec.subcommand else 0):
            only_positionals = True  # tmux: options end at the first operand
        is_option = (
            text.startswith("-") and text != "-" and not only_positionals and word.literal
        ) or (spec.expression and text in ("(", ")", "!", ","))
        if spec.runs_command and not is_option and len(positionals) >= spec.command_after:
            inner = _wrapped(args.words[args.i - 1 :], table, nesting)
            break
        if not is_option and spec.dashless and args.i == 1 and _is_cluster(text, spec):
            options += _cluster(text, args, spec, dashless=True)
            continue
        if not is_option:
            key = spec.words.get(word.key, word.key)
            if key in spec.filler_words:
                continue  # `ip addr show` is `ip addr`
            positionals.append(_positional(key, len(positionals), spec))
            shown.append(word.source)
            continue
        bare = None if dash_value_seen else _dash_value(text, spec)
        if bare is not None:
            options.append(bare)
            dash_value_seen = True
            continue
        if spec.dash_value is not None and dash_value_seen and re.fullmatch(r"-\d+", text):
            positionals.append(text)  # kill -9 -1: after the signal, -1 is a process id
            shown.append(word.source)
            continue
        found = _option(word, args, spec, problems, table, nesting)
        dash_value_seen |= any(k == spec.dash_value for k, _ in found)
        options += found
        module = next((v for k, v in found if k == spec.module_option and v), None)
        if module is not None and table.get(module) is not None and nesting < MAX_NESTING:
            # `python -m pip install -r req.txt`: the rest are pip's own arguments.
            rest = args.words[args.i :]
            inner = _read_arguments(rest, table.get(module), table, nesting + 1)  # type: ignore[arg-type]
            break
    if spec.runs_command and inner is None:
        problems.append(f"{spec.name} needs a command to run after it")
    if spec.script_option is not None:
        options, positionals, shown = _script_as_argument(options, positionals, shown, spec)
    if spec.script_kind == "awk" and positionals:
        positionals[0] = normalise_awk(positionals[0])
    options = _harmless_for_pattern(options, positionals, spec)
    keys = {k for k, _ in options}
    for group in spec.exclusive:
        given = [k for k in group if k in keys]
        if len(given) > 1:
            problems.append(
                f"{spec.name} refuses {' and '.join(given)} together (only one of "
                f"{', '.join(group)})"
            )
    if spec.user_option is not None:
        options, positionals, shown = _user_at_host(options, positionals, shown, spec.user_option)
    if not positionals and spec.default_args:
        positionals = [normalise_path(a) for a in spec.default_args]
    if spec.slash_matters != "none":
        positionals, shown = _slashes(positionals, shown, spec)
    if spec.unordered:
        pairs = sorted(zip(positionals, shown, strict=True))
        positionals, shown = [p for p, _ in pairs], [s for _, s in pairs]
    if not spec.expression:
        options = list(dict.fromkeys(options))  # `ls -aa` is `ls -a`
    ordered = False
    if spec.expression:
        canonical, ordered = _find_order(_without_defaults(options, spec), spec)
    else:
        canonical = tuple(sorted(_without_defaults(options, spec), key=_option_order))
    return Invocation(
        program=spec.name,
        options=canonical,
        positionals=tuple(positionals),
        shown=tuple(shown),
        inner=inner,
        spec=spec,
        problems=tuple(problems),
        ordered=ordered,
        nested=_scripts(options, positionals, spec, table, nesting),
    )


def _scripts(
    options: list[Option],
    positionals: list[str],
    spec: CommandSpec,
    table: CommandTable,
    nesting: int,
) -> tuple[Command, ...]:
    """The command lines a program runs: find -exec, sh -c, eval, ssh's remote command."""
    texts = []
    for key, value in options:
        opt = spec.option(key)
        if value and opt is not None and opt.value == "until-terminator":
            texts.append(value.rstrip(";+ "))
        elif value and key == spec.script_value:
            texts.append(value)
    if spec.script_operands is not None and len(positionals) > spec.script_operands:
        texts.append(" ".join(positionals[spec.script_operands :]))
    out = []
    for text in texts:
        plain = re.sub(r"\\(.)", r"\1", text)  # the script as the inner shell reads it
        try:
            out.append(analyse(parse(plain, nesting + 1), table, nesting + 1))
        except ParseError:
            continue
    return tuple(out)


def _script_as_argument(
    options: list[Option], positionals: list[str], shown: list[str], spec: CommandSpec
) -> tuple[list[Option], list[str], list[str]]:
    """`grep -e TODO src` is `grep TODO src`; `sed -e S f` is `sed S f` (one -e only)."""
    scripts = [v for k, v in options if k == spec.script_option]
    if len(scripts) != 1 or scripts[0] is None:
        return options, positionals, shown
    rest = [(k, v) for k, v in options if k != spec.script_option]
    typed = shlex.quote(re.sub(r"\\(.)", r"\1", scripts[0]))  # shown as a shell word
    return rest, [scripts[0], *positionals], [typed, *shown]


def _harmless_for_pattern(
    options: list[Option], positionals: list[str], spec: CommandSpec
) -> list[Option]:
    """`grep -F TODO` is `grep TODO`: -F changes nothing while the pattern has no regex syntax."""
    pattern = positionals[0] if positionals else ""
    if pattern and any((o := spec.option(k)) is not None and o.folds_case for k, _ in options):
        positionals[0] = pattern.lower()  # grep -i Error = grep -i error
    kept = []
    for key, value in options:
        opt = spec.option(key)
        if opt is not None and opt.harmless_unless is not None and pattern:
            if not any(ch in opt.harmless_unless for ch in pattern.replace("\\", "")):
                continue
        kept.append((key, value))
    return kept


def normalise_awk(program: str) -> str:
    """awk program text without the spaces awk ignores: `{ print $1; }` = `{print $1}`."""
    text = re.sub(r"\s+", " ", program.strip())
    text = re.sub(r"\s*([{};,])\s*", r"\1", text)
    return text.replace(";}", "}")


def _user_at_host(
    options: list[Option], positionals: list[str], shown: list[str], user_option: str
) -> tuple[list[Option], list[str], list[str]]:
    """`ssh -l alice host` is `ssh alice@host`."""
    users = [v for k, v in options if k == user_option and v]
    if not users or not positionals or "@" in positionals[0]:
        return options, positionals, shown
    rest = [(k, v) for k, v in options if k != user_option]
    user = users[-1]
    return rest, [f"{user}@{positionals[0]}", *positionals[1:]], [f"{user}@{shown[0]}", *shown[1:]]


def _slashes(
    positionals: list[str], shown: list[str], spec: CommandSpec
) -> tuple[list[str], list[str]]:
    """rsync: a source's trailing slash means "its contents"; ln: a link name's means "inside"."""
    out = list(positionals)
    for k, typed in enumerate(shown):
        wanted = (spec.slash_matters == "sources" and k < len(shown) - 1) or (
            spec.slash_matters == "last" and k == len(shown) - 1 and len(shown) > 1
        )
        if wanted and typed.rstrip("'\"").endswith("/"):
            out[k] = _keep_slash(positionals[k] + "/")
    return out, shown


def _without_defaults(options: list[Option], spec: CommandSpec) -> list[Option]:
    keys = {k for k, _ in options}
    values = dict(options)
    dropped = {
        d
        for rule in spec.implied
        if keys & set(rule.when)
        and (
            rule.value_of is None
            or (values.get(rule.value_of) or "").endswith(rule.suffixes or ("",))
        )
        for d in rule.drop
    }
    kept = []
    for key, value in options:
        if key in dropped:
            continue  # `tar -xzf` = `tar -xf`: tar detects the compression when reading
        opt = spec.option(key)
        if opt is not None and opt.default is not None and value == opt.default:
            continue  # `kill -15` is what `kill` does anyway
        kept.append((key, value))
    return kept


def _rewritten(word: Word, spec: CommandSpec) -> Word:
    if word.literal and word.text in spec.rewrite:
        from checker.quiz.shell.syntax import Part

        return Word((Part("text", spec.rewrite[word.text]),), word.source)
    return word


def _is_cluster(text: str, spec: CommandSpec) -> bool:
    bsd = bool(spec.bsd_options)
    return text.isalpha() and all(
        spec.option(c if bsd else "-" + c, bsd=bsd) is not None for c in text
    )


def _wrapped(words: list[Word], table: CommandTable, nesting: int) -> Invocation:
    """`watch -n 1 nvidia-smi`, or `watch 'nvidia-smi -l 1'` (one string run by sh -c)."""
    if len(words) == 1 and not words[0].literal:
        return Invocation(program=words[0].key, source=words[0].source)
    if len(words) == 1 and " " in words[0].text:
        line = parse(words[0].text, nesting + 1)
        if len(line.stages) == 1:
            return invocation(line.stages[0], table, nesting + 1)
    return _program_words(words, table, nesting + 1)


def _program_words(words: list[Word], table: CommandTable, nesting: int) -> Invocation:
    if nesting > MAX_NESTING:
        raise ParseError("Commands nested that deep are not something this quiz grades.")
    env: list[tuple[str, str]] = []
    i = 0
    # `env A=1 cmd` is `A=1 cmd`; `sudo [options] [A=1] cmd` runs cmd as root.
    if words and words[0].key == "env":
        i = 1
        while i < len(words) and _ASSIGNMENT.fullmatch(words[i].key):
            name, value = _ASSIGNMENT.fullmatch(words[i].key).groups()  # type: ignore[union-attr]
            env.append((name, value))
            i += 1
        if i == len(words):
            return Invocation(program="env", env=tuple(sorted(env)))
    if i < len(words) and words[i].key == "sudo":
        return _sudo(words[i + 1 :], table, nesting, env)
    if i >= len(words):
        return Invocation(program="", env=tuple(sorted(env)))
    program = words[i].key
    if table.get(program) is None and table.get(program.rsplit("/", 1)[-1]) is not None:
        program = program.rsplit("/", 1)[1]  # /usr/local/cuda/bin/nvcc is nvcc
    spec = table.get(program)
    if spec is None:
        keys = tuple(w.key for w in words[i + 1 :])
        parsed = Invocation(
            program=program, positionals=keys, shown=tuple(w.source for w in words[i + 1 :])
        )
    else:
        parsed = _read_arguments(list(words[i + 1 :]), spec, table, nesting)
    return replace(parsed, env=tuple(sorted(env)))


def _sudo(words: list[Word], table: CommandTable, nesting: int, env: list) -> Invocation:
    keeps: list[str] = []
    i = 0
    while i < len(words) and words[i].text.startswith("-") and words[i].literal:
        text = words[i].text
        i += 1
        if text in ("-E", "--preserve-env"):
            keeps.append("*")
        elif text.startswith("--preserve-env="):
            keeps += text.partition("=")[2].split(",")
        elif text in ("-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U") and i < len(words):
            i += 1  # these take a value
        elif text == "--":
            break
    inner_env: list[tuple[str, str]] = []
    while i < len(words) and _ASSIGNMENT.fullmatch(words[i].key):
        name, value = _ASSIGNMENT.fullmatch(words[i].key).groups()  # type: ignore[union-attr]
        inner_env.append((name, value))
        i += 1
    if i >= len(words):
        raise ParseError("There is no command after sudo.")
    inner = _program_words(words[i:], table, nesting + 1)
    if inner.spec is not None and inner.spec.builtin:
        problem = f"sudo cannot run {inner.program}: it is a shell builtin, not a program"
        inner = replace(inner, problems=(*inner.problems, problem))
    lost = tuple(name for name, _ in env if not _kept(name, keeps))
    return replace(
        inner,
        sudo=True,
        sudo_keeps_env=tuple(keeps),
        env=tuple(sorted([e for e in env if e[0] not in lost] + inner_env + list(inner.env))),
        env_lost=lost,
    )


def _kept(name: str, keeps: list[str] | tuple[str, ...]) -> bool:
    return "*" in keeps or name in keeps


def _fds(simple: Simple, piped_out: bool, pipe_err: bool) -> tuple[tuple[int, Target], ...]:
    """Apply the redirections in order, as the shell does: `2>&1 > f` is not `> f 2>&1`.

    `> f 2> f` opens f twice, so the two streams overwrite each other; `> f 2>&1` and
    `&> f` share one open file. The targets say which.
    """
    table: dict[int, Target] = dict(_STANDARD)
    if piped_out:
        table[1] = ("pipe",)
    default = dict(table)
    opened: dict[int, int] = {}  # descriptor -> which open() it shares
    count = 0
    for r in simple.redirects:
        target = r.target.key
        path = normalise_path(target)
        op = r.op
        if op in (">", ">|", ">>"):
            fd = 1 if r.fd is None else r.fd
            table[fd] = ("file", path, "append" if op == ">>" else "write")
            count += 1
            opened[fd] = count
        elif op in ("&>", "&>>") or (
            op == ">&" and r.fd is None and not target.isdigit() and target != "-"
        ):
            mode = "append" if op == "&>>" else "write"
            table[1] = table[2] = ("file", path, mode)
            count += 1
            opened[1] = opened[2] = count
        elif op in (">&", "<&"):
            fd = r.fd if r.fd is not None else (1 if op == ">&" else 0)
            if target == "-":
                table[fd] = ("closed",)
            elif target.isdigit():
                table[fd] = table.get(int(target), ("fd", target))
                if int(target) in opened:
                    opened[fd] = opened[int(target)]
            else:
                table[fd] = ("file", path, "write")
                count += 1
                opened[fd] = count
        elif op == "<":
            table[0 if r.fd is None else r.fd] = ("file", path, "read")
        elif op == "<<<":
            table[0 if r.fd is None else r.fd] = ("text", target)
        else:
            table[r.fd if r.fd is not None else 1] = ("other", op + target)
    if pipe_err:
        table[2] = ("pipe",)
    _mark_separate_opens(table, opened)
    return tuple(sorted((fd, t) for fd, t in table.items() if default.get(fd) != t))


def _mark_separate_opens(table: dict[int, Target], opened: dict[int, int]) -> None:
    by_path: dict[str, set[int]] = {}
    for fd, target in table.items():
        if target[0] == "file" and target[2] != "read" and fd in opened:
            by_path.setdefault(target[1], set()).add(opened[fd])
    for fd, target in list(table.items()):
        if target[0] == "file" and len(by_path.get(target[1], ())) > 1:
            table[fd] = (*target, "opened separately")


def invocation(
    simple: Simple,
    table: CommandTable,
    nesting: int = 0,
    piped_out: bool = False,
    pipe_err: bool = False,
) -> Invocation:
    """One simple command, normalised; ParseError if it cannot be read."""
    env = [(name, normalise_path(word.key)) for name, word in simple.assignments]
    words = list(simple.words)
    inner = _program_words(words, table, nesting) if words else Invocation(program="")
    lost: tuple[str, ...] = ()
    if inner.sudo:
        lost = tuple(name for name, _ in env if not _kept(name, inner.sudo_keeps_env))
        env = [e for e in env if e[0] not in lost]
    substitutions = tuple(
        analyse(part.line, table, nesting + 1)
        for word in [*simple.words, *(w for _, w in simple.assignments)]
        for part in word.parts
        if part.line is not None and nesting < MAX_NESTING
    )
    return replace(
        inner,
        env=tuple(sorted(env + list(inner.env))),
        env_lost=inner.env_lost + lost,
        fds=_fds(simple, piped_out, pipe_err),
        source=simple.source,
        nested=inner.nested + substitutions,
    )


def analyse(line: Line, table: CommandTable, nesting: int = 0) -> Command:
    """A parsed line, normalised stage by stage, with `cat f | filter` folded into `filter f`."""
    stages = []
    for k, simple in enumerate(line.stages):
        op = line.operators[k] if k < len(line.operators) else ""
        stages.append(
            invocation(simple, table, nesting, piped_out=op in ("|", "|&"), pipe_err=op == "|&")
        )
    # `a |& b` is `a 2>&1 | b`: the descriptors already say so.
    operators = ["|" if op == "|&" else op for op in line.operators]
    stages = [_stdin_file(s) for s in stages]
    k = 0
    while k + 1 < len(stages):  # `cat f | gzip > f.gz` reads f as `gzip < f > f.gz` does
        piped = _cat_into_stream(stages[k], stages[k + 1]) if operators[k] == "|" else None
        if piped is not None:
            stages[k : k + 2] = [piped]
            del operators[k]
        else:
            k += 1
    stages = [_stream_to_file(s) for s in stages]
    k = 0
    while k + 1 < len(stages):
        folded = _fold_cat(stages[k], stages[k + 1]) if operators[k] == "|" else None
        if folded is not None:
            stages[k : k + 2] = [folded]
            del operators[k]
        else:
            k += 1
    return Command(tuple(stages), tuple(operators))


def _cat_into_stream(cat: Invocation, nxt: Invocation) -> Invocation | None:
    if nxt.spec is None or not nxt.spec.stream or nxt.positionals:
        return None
    if cat.program != "cat" or cat.options or len(cat.positionals) != 1 or cat.sudo:
        return None
    if any(fd == 0 for fd, _ in nxt.fds) or [fd for fd, _ in cat.fds if fd != 1]:
        return None
    source = ("file", cat.positionals[0], "read")
    return replace(nxt, fds=tuple(sorted(((0, source), *nxt.fds))))


def _stream_to_file(stage: Invocation) -> Invocation:
    """`gzip -c f > f.gz` and `gzip < f > f.gz` write f.gz and keep f: that is `gzip -k f`."""
    spec = stage.spec
    if spec is None or not spec.stream:
        return stage
    fds = dict(stage.fds)
    out = fds.get(1)
    if out is None or out[0] != "file" or out[2] != "write" or 2 in fds:
        return stage
    keys = {k for k, _ in stage.options}
    streaming = spec.stream.get("option", "-c")
    if fds.get(0, ("",))[0] == "file" and not stage.positionals:
        source = fds[0][1]
    elif streaming in keys and len(stage.positionals) == 1:
        source = stage.positionals[0]
    else:
        return stage
    suffix = spec.stream.get("suffix", "")
    decompress = spec.stream.get("decompress", "-d")
    if decompress == "" or decompress in keys:
        target = source[: -len(suffix)] if source.endswith(suffix) else None
    else:
        target = source + suffix
    if target != out[1]:
        return stage
    options = [(k, v) for k, v in stage.options if k != streaming]
    if ("-k", None) not in options and spec.option("-k") is not None:
        options.append(("-k", None))
    return replace(
        stage,
        options=tuple(sorted(options, key=_option_order)),
        positionals=(source,),
        shown=(source,),
        fds=tuple((fd, t) for fd, t in stage.fds if fd not in (0, 1)),
    )


def _fold_cat(cat: Invocation, nxt: Invocation) -> Invocation | None:
    """`cat f | grep x` reads f just as `grep x f` does."""
    spec = nxt.spec
    if (
        cat.program != "cat"
        or cat.options
        or len(cat.positionals) != 1
        or cat.env
        or cat.sudo
        or [fd for fd, _ in cat.fds if fd != 1]
        or spec is None
        or spec.filter_args is None
        or len(nxt.positionals) != spec.filter_args
        or any(fd == 0 for fd, _ in nxt.fds)
    ):
        return None
    return replace(
        nxt,
        positionals=nxt.positionals + cat.positionals,
        shown=nxt.shown + cat.shown,
        source=f"{cat.source} | {nxt.source}",
    )


def _stdin_file(stage: Invocation) -> Invocation:
    """`grep x < f` reads f just as `grep x f` does."""
    spec = stage.spec
    redirected = [t for fd, t in stage.fds if fd == 0]
    if spec is None or spec.filter_args is None or len(stage.positionals) != spec.filter_args:
        return stage
    if len(redirected) != 1 or redirected[0][0] != "file":
        return stage
    return replace(
        stage,
        positionals=stage.positionals + (redirected[0][1],),
        shown=stage.shown + (redirected[0][1],),
        fds=tuple((fd, t) for fd, t in stage.fds if fd != 0),
    )
