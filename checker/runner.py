"""`drill check` end to end: read the file, check it statically, run the hidden
suite (sandboxed, or in-process for the project's own tests)."""

from __future__ import annotations

from pathlib import Path

from checker.app import UsageError
from checker.catalogue import Drill
from checker.report import Report
from checker.static import static_check
from checker.workspace import is_untouched_starter


def read_source(path: Path) -> str:
    if not path.exists():
        raise UsageError(f"no such file: {path} (run `drill start` first, or pass --file)")
    if path.is_dir():
        raise UsageError(f"{path} is a folder, not a Python file")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None


def check(drill: Drill, path: Path, sandboxed: bool = True, timing: bool = True) -> Report:
    path = path.resolve()
    source = read_source(path)
    report = static_check(source, str(path), drill)
    if report is None:
        if sandboxed:
            from checker.sandbox import run_sandboxed

            report = run_sandboxed(drill, path)
        else:
            from checker.harness import evaluate

            report = evaluate(drill, path, timing=timing)
    if report.verdict == "not_implemented" and is_untouched_starter(path, drill):
        report.summary = "this is the untouched starter file: write your solution in it"
    return report
