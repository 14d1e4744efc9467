"""The grader's knowledge of each program, read from drills/decks/linux/commands.toml.

What an option is called, whether it takes a value, which spellings of a value
mean the same, which extra flags change nothing a card asks about, and how a
program reads its arguments (find's expression, ps's BSD letters, chmod's mode,
rsync's trailing slash). The file's header documents every key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

VALUE_MODES = ("none", "required", "attached", "until-terminator")
VALUE_KINDS = ("signal", "path", "mode", "number", "python", "text", "caseless")
FIND_KINDS = ("test", "action", "global", "operator")
SLASH_RULES = ("none", "sources", "last")


class TableError(Exception):
    """commands.toml is malformed: a content bug, reported with file and entry."""


@dataclass(frozen=True)
class OptionSpec:
    names: tuple[str, ...]  # the first is the one feedback shows
    help: str
    value: str = "none"  # see VALUE_MODES
    value_aliases: Mapping[str, str] = field(default_factory=dict)
    default: str | None = None  # the value used when the option is absent
    value_kind: str | None = None  # values compared as signals, paths or chmod modes
    harmless: bool = False  # an extra use never changes what a card asks for
    invalid: bool = False  # the program has no such option; help says what to do instead
    find_kind: str | None = None  # find: test, action, global option or operator
    value_help: Mapping[str, str] = field(default_factory=dict)  # what a value means, for feedback
    harmless_unless: str | None = None  # harmless while the pattern has none of these characters
    folds_case: bool = False  # grep -i: the pattern's case no longer matters

    @property
    def key(self) -> str:
        return self.names[0]


@dataclass(frozen=True)
class Implied:
    """Options that change nothing when one of `when` is given (and, if `value_of` is
    set, that option's value ends with one of `suffixes`): tar -xzf on a .tar.gz file."""

    drop: tuple[str, ...]
    when: tuple[str, ...]
    value_of: str | None = None
    suffixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class CommandSpec:
    name: str
    help: str = ""
    options: tuple[OptionSpec, ...] = ()
    bsd_options: tuple[OptionSpec, ...] = ()  # ps: letters written without a dash
    aliases: tuple[str, ...] = ()
    dashless: bool = False
    dash_value: str | None = None
    single_dash_words: bool = False
    runs_command: bool = False
    unordered: bool = False
    literal_args: bool = False  # the first plain argument is a pattern or a script (grep, sed)
    text_args: bool = False  # every plain argument is text, never a path (echo)
    words: Mapping[str, str] = field(default_factory=dict)
    rewrite: Mapping[str, str] = field(default_factory=dict)
    long_prefixes: bool = True
    other_long: tuple[str, ...] = ()
    expression: bool = False
    default_args: tuple[str, ...] = ()
    filter_args: int | None = None
    slash_matters: str = "none"
    mode_arg: bool = False
    preparatory: bool = False
    implied: tuple[Implied, ...] = ()
    subcommand: bool = False  # the first plain argument names a subcommand (git, tmux)
    posix_order: bool = False  # options end at the first plain argument after the subcommand
    long_equals: bool = True  # `--name=value` is accepted (pigz wants `--name value`)
    module_option: str | None = None  # python -m: the module's own arguments follow
    filler_words: tuple[str, ...] = ()  # plain words that change nothing (`ip addr show`)
    user_option: str | None = None  # ssh -l USER HOST is ssh USER@HOST
    writes_args: bool = False  # the plain arguments are files it writes (tee)
    exclusive: tuple[tuple[str, ...], ...] = ()  # options the program refuses together
    script_option: str | None = None  # grep -e P / sed -e S: the same as P or S written plainly
    builtin: bool = False  # a shell builtin: sudo cannot run it (sudo ulimit fails)
    script_kind: str | None = None  # "awk": the program text is compared token by token
    script_value: str | None = None  # sh -c: this option's value is a command line
    command_after: int = 0  # timeout DURATION CMD: plain arguments before the command
    transparent: bool = False  # nice CMD does what CMD does
    stream: Mapping[str, str] = field(
        default_factory=dict
    )  # compressors: option, suffix, decompress
    script_operands: int | None = None  # eval: plain arguments from this index on are one

    def option(self, name: str, bsd: bool = False) -> OptionSpec | None:
        """The option called `name`; BSD letters (ps) are looked up as `bsd:x` or with bsd=True."""
        if name.startswith("bsd:"):
            bsd, name = True, name[4:]
        for spec in self.bsd_options if bsd else self.options:
            if (("bsd:" + name) if bsd else name) in spec.names:
                return spec
        return None

    def long_option(self, name: str) -> tuple[OptionSpec | None, str, tuple[str, ...]]:
        """`--name` or a prefix GNU getopt accepts: (spec or None, full name, ambiguous with)."""
        exact = self.option(name)
        if exact is not None or not self.long_prefixes:
            return exact, name, ()
        every = {n for spec in self.options for n in spec.names if n.startswith("--")}
        every |= set(self.other_long) | {"--help", "--version"}
        matches = sorted(n for n in every if n.startswith(name))
        targets = {}
        for n in matches:
            spec = self.option(n)
            targets[id(spec) if spec is not None else n] = spec
        if len(targets) == 1:
            return next(iter(targets.values())), matches[0], ()
        return None, name, tuple(matches) if len(targets) > 1 else ()

    def describe(self, key: str) -> str:
        spec = self.option(key)
        shown = key.removeprefix("bsd:")
        if key.startswith("bsd:"):
            shown = f"{shown} (no dash)"
        return f"{shown} ({spec.help})" if spec is not None and spec.help else shown


@dataclass(frozen=True)
class CommandTable:
    commands: Mapping[str, CommandSpec]  # by program name and by each alias

    def get(self, program: str) -> CommandSpec | None:
        return self.commands.get(program)


_OPTION_KEYS = {
    "names",
    "help",
    "value",
    "value_aliases",
    "default",
    "value_kind",
    "harmless",
    "invalid",
    "find_kind",
    "value_help",
    "harmless_unless",
    "folds_case",
}
_COMMAND_KEYS = {
    "help",
    "options",
    "bsd_options",
    "aliases",
    "dashless",
    "dash_value",
    "single_dash_words",
    "runs_command",
    "unordered",
    "literal_args",
    "text_args",
    "words",
    "rewrite",
    "long_prefixes",
    "other_long",
    "expression",
    "default_args",
    "filter_args",
    "slash_matters",
    "mode_arg",
    "preparatory",
    "implied",
    "subcommand",
    "posix_order",
    "long_equals",
    "module_option",
    "filler_words",
    "user_option",
    "writes_args",
    "exclusive",
    "script_option",
    "builtin",
    "script_kind",
    "script_value",
    "script_operands",
    "command_after",
    "transparent",
    "stream",
}


def _option(entry: object, where: str, bsd: bool = False) -> OptionSpec:
    if not isinstance(entry, dict):
        raise TableError(f"{where}: each option must be a table")
    names = entry.get("names")

    def prefix_ok(n: str) -> bool:
        if bsd:
            return n.isalpha()
        return (n.startswith("-") and len(n) > 1) or n in ("(", ")", "!", ",")

    if (
        not isinstance(names, list)
        or not names
        or not all(isinstance(n, str) and prefix_ok(n) for n in names)
    ):
        raise TableError(f'{where}: \'names\' must be a non-empty list like ["-h", "--help"]')
    unknown = sorted(set(entry) - _OPTION_KEYS)
    if unknown:
        raise TableError(f"{where} {names[0]}: unknown key(s) {', '.join(unknown)}")
    value = entry.get("value", False)
    mode = (
        {False: "none", True: "required"}.get(value, value)
        if isinstance(value, bool | str)
        else None
    )
    if mode not in VALUE_MODES:
        raise TableError(
            f'{where} {names[0]}: \'value\' must be true, false, "attached" or "until-terminator"'
        )
    aliases = entry.get("value_aliases", {})
    if not isinstance(aliases, dict) or not all(isinstance(v, str) for v in aliases.values()):
        raise TableError(f"{where} {names[0]}: 'value_aliases' must map strings to strings")
    help_text, default = entry.get("help", ""), entry.get("default")
    if not isinstance(help_text, str) or not isinstance(default, str | None):
        raise TableError(f"{where} {names[0]}: 'help' and 'default' must be strings")
    kind = entry.get("value_kind")
    if kind is not None and kind not in VALUE_KINDS:
        raise TableError(f"{where} {names[0]}: 'value_kind' must be one of {VALUE_KINDS}")
    find_kind = entry.get("find_kind")
    if find_kind is not None and find_kind not in FIND_KINDS:
        raise TableError(f"{where} {names[0]}: 'find_kind' must be one of {FIND_KINDS}")
    return OptionSpec(
        names=tuple(("bsd:" + n) if bsd else n for n in names),
        help=help_text,
        value=mode,
        value_aliases=dict(aliases),
        default=default,
        value_kind=kind,
        harmless=bool(entry.get("harmless", False)),
        invalid=bool(entry.get("invalid", False)),
        find_kind=find_kind,
        value_help=dict(entry.get("value_help", {})),
        harmless_unless=entry.get("harmless_unless"),
        folds_case=bool(entry.get("folds_case", False)),
    )


def _implied(entries: object, where: str) -> tuple[Implied, ...]:
    keys = {"drop", "when", "value_of", "suffixes"}
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and {"drop", "when"} <= set(e) <= keys for e in entries
    ):
        raise TableError(
            f"{where}: 'implied' must be a list of {{ drop = [...], when = [...] }} "
            "with optional value_of and suffixes"
        )
    return tuple(
        Implied(tuple(e["drop"]), tuple(e["when"]), e.get("value_of"), tuple(e.get("suffixes", ())))
        for e in entries
    )


def _command(name: str, data: object, where: str) -> CommandSpec:
    if not isinstance(data, dict):
        raise TableError(f"{where}: [{name}] must be a table")
    unknown = sorted(set(data) - _COMMAND_KEYS)
    if unknown:
        raise TableError(f"{where}: [{name}] has unknown key(s) {', '.join(unknown)}")
    here = f"{where} [{name}]"
    slash = data.get("slash_matters", "none")
    if slash not in SLASH_RULES:
        raise TableError(f"{here}: 'slash_matters' must be one of {SLASH_RULES}")
    filter_args = data.get("filter_args")
    if filter_args is not None and (not isinstance(filter_args, int) or filter_args < 0):
        raise TableError(f"{here}: 'filter_args' must be a whole number >= 0")
    spec = CommandSpec(
        name=name,
        help=str(data.get("help", "")),
        options=tuple(_option(e, here) for e in data.get("options", [])),
        bsd_options=tuple(_option(e, here, bsd=True) for e in data.get("bsd_options", [])),
        aliases=tuple(data.get("aliases", ())),
        dashless=bool(data.get("dashless", False)),
        dash_value=data.get("dash_value"),
        single_dash_words=bool(data.get("single_dash_words", False)),
        runs_command=bool(data.get("runs_command", False)),
        unordered=bool(data.get("unordered", False)),
        literal_args=bool(data.get("literal_args", False)),
        text_args=bool(data.get("text_args", False)),
        words=dict(data.get("words", {})),
        rewrite=dict(data.get("rewrite", {})),
        long_prefixes=bool(data.get("long_prefixes", True)),
        other_long=tuple(data.get("other_long", ())),
        expression=bool(data.get("expression", False)),
        default_args=tuple(data.get("default_args", ())),
        filter_args=filter_args,
        slash_matters=slash,
        mode_arg=bool(data.get("mode_arg", False)),
        preparatory=bool(data.get("preparatory", False)),
        implied=_implied(data.get("implied", []), here),
        subcommand=bool(data.get("subcommand", False)),
        posix_order=bool(data.get("posix_order", False)),
        long_equals=bool(data.get("long_equals", True)),
        module_option=data.get("module_option"),
        filler_words=tuple(data.get("filler_words", ())),
        user_option=data.get("user_option"),
        writes_args=bool(data.get("writes_args", False)),
        exclusive=tuple(tuple(g) for g in data.get("exclusive", ())),
        script_option=data.get("script_option"),
        builtin=bool(data.get("builtin", False)),
        script_kind=data.get("script_kind"),
        script_value=data.get("script_value"),
        command_after=int(data.get("command_after", 0)),
        transparent=bool(data.get("transparent", False)),
        stream=dict(data.get("stream", {})),
        script_operands=data.get("script_operands"),
    )
    if spec.dash_value is not None and spec.option(spec.dash_value) is None:
        raise TableError(f"{here}: dash_value {spec.dash_value} is not one of its options")
    return spec


def load_command_table(path: Path) -> CommandTable:
    """Read the option table; a malformed file raises TableError naming the entry."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TableError(f"{path}: {exc}") from exc
    commands: dict[str, CommandSpec] = {}
    for name, entry in data.items():
        spec = _command(name, entry, str(path))
        for program in (name, *spec.aliases):
            if program in commands:
                raise TableError(f"{path}: program '{program}' is described twice")
            commands[program] = spec
    return CommandTable(commands)
