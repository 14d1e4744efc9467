"""`drill completion`: the shell code it prints, and Tab completion over argcomplete's protocol."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from checker.catalogue import drill_ids
from checker.cheatsheets import page_names
from checker.cli import build_parser
from checker.commands import completion
from checker.quiz.decks import load_decks

REPO = Path(__file__).resolve().parent.parent

# The parser as drill builds it, with the completion command and the completers on it
# (added here only if checker/cli.py does not add them itself).
PROBE = """
import argparse, sys
from checker.cli import build_parser
from checker.commands import completion
parser = build_parser()
sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
if "completion" not in sub.choices:
    completion.add_parsers(sub)
completion.attach_completers(parser)
completion.enable(parser)
sys.exit("enable() returned: not completing")
"""


def _parser() -> argparse.ArgumentParser:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if "completion" not in sub.choices:
        completion.add_parsers(sub)
    return parser


def complete(line: str, tmp_path: Path) -> set[str]:
    """What Tab offers at the end of `line`, asked the way the shell code asks."""
    out = tmp_path / "completions"
    env = dict(os.environ)
    env.update(
        _ARGCOMPLETE="1",
        _ARGCOMPLETE_SHELL="bash",
        COMP_LINE=line,
        COMP_POINT=str(len(line)),
        _ARGCOMPLETE_STDOUT_FILENAME=str(out),
    )
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return {word.strip() for word in out.read_text().split("\013") if word.strip()}


@pytest.mark.parametrize("shell", completion.SHELLS)
def test_the_script_for_each_shell_registers_drill(shell, capsys):
    args = _parser().parse_args(["completion", shell])
    assert args.run is completion.run_completion
    assert completion.run_completion(args, app=None) == 0
    script = capsys.readouterr().out
    assert script.strip() and "drill" in script
    assert "complete " in script if shell == "bash" else "compdef " in script


def test_an_unknown_shell_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        _parser().parse_args(["completion", "fish"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_the_help_says_how_to_install_it():
    sub = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    text = sub.choices["completion"].format_help()
    assert "~/.bashrc" in text and "~/.zshrc" in text


def test_enable_does_not_import_argcomplete_unless_completing():
    env = {k: v for k, v in os.environ.items() if k != "_ARGCOMPLETE"}
    code = (
        "import argparse, sys\n"
        "from checker.commands.completion import enable\n"
        "enable(argparse.ArgumentParser())\n"
        "print('argcomplete' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_every_completer_is_attached():
    parser = _parser()
    completion.attach_completers(parser)
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for (command, dest), completer in completion.COMPLETERS.items():
        (action,) = [a for a in sub.choices[command]._actions if a.dest == dest]
        assert getattr(action, "completer", None) is completer, (command, dest)


def test_deck_ids_are_the_decks_own_ids():
    decks = load_decks()
    for kind in ("concepts", "linux"):
        assert completion.deck_ids(kind) == sorted(d.id for d in decks if d.kind == kind)
    assert "processes-and-jobs" in completion.linux_decks(prefix="")
    assert "linux-processes-and-jobs" in completion.linux_decks(prefix="linux-p")


def test_commands_complete(tmp_path):
    assert "start" in complete("drill sta", tmp_path)


def test_drill_ids_complete(tmp_path):
    assert complete("drill start batc", tmp_path) == {"batchnorm", "batchnorm_alt"}
    ids = set(drill_ids())
    for command in ("check", "hint", "solution", "reset"):
        assert ids <= complete(f"drill {command} ", tmp_path), command


def test_pages_sections_and_decks_complete(tmp_path):
    assert complete("drill cheatsheet ", tmp_path) >= set(page_names())
    assert complete("drill cheatsheet so", tmp_path) == {"softmax"}  # no file names
    assert "numerical-stability" in complete("drill cheatsheet softmax num", tmp_path)
    assert "batchnorm" in complete("drill quiz batc", tmp_path)
    assert complete("drill cards processes", tmp_path) == {"processes-and-jobs"}
    assert complete("drill cards linux-processes", tmp_path) == {"linux-processes-and-jobs"}
    assert complete("drill completion ", tmp_path) >= {"bash", "zsh"}
