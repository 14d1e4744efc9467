"""Checks made on the user's source before anything runs: syntax, forbidden
imports, and that every function the drill calls exists with a usable signature."""

from __future__ import annotations

import ast
import difflib

from checker.catalogue import Drill, FunctionSpec
from checker.report import Failure, Report

# A hand-written drill may not lean on a framework's autograd or on our own code.
FORBIDDEN = (
    "torch", "jax", "jaxlib", "tensorflow", "autograd", "keras", "mxnet", "paddle",
    "theano", "chainer", "cupy", "flax", "solutions", "checker",
)  # fmt: skip


def _report(drill: Drill, path: str, kind: str, summary: str, **extra) -> Report:
    failure = Failure(kind, summary, **extra)
    return Report(drill=drill.id, verdict=kind, summary=summary, file=path, failure=failure)


def _imported_modules(tree: ast.Module) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if name in ("__import__", "import_module") and isinstance(first, ast.Constant):
                if isinstance(first.value, str):
                    found.append((first.value, node.lineno))
    return found


def _signature_problem(
    fn: ast.FunctionDef | ast.AsyncFunctionDef, spec: FunctionSpec
) -> str | None:
    args = fn.args
    positional = [a.arg for a in args.posonlyargs + args.args]
    required = len(positional) - len(args.defaults)
    wanted = len(spec.params)
    call = f"{spec.name}({', '.join(spec.params)})"
    mine = f"{fn.name}({', '.join(positional)})"
    if isinstance(fn, ast.AsyncFunctionDef):
        return f"{fn.name} is async; the drill calls it as a plain function {call}"
    if required > wanted:
        return f"{mine} needs {required} arguments, but the drill calls it as {call}"
    if len(positional) < wanted and args.vararg is None:
        return f"{mine} takes {len(positional)} arguments, but the drill calls it as {call}"
    missing_kw = [
        a.arg for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is None
    ]
    if missing_kw:
        return f"{fn.name} has required keyword-only arguments {missing_kw}; the drill calls {call}"
    return None


def static_check(source: str, path: str, drill: Drill) -> Report | None:
    """A report for the first static problem found, or None when the file may run."""
    try:
        tree = ast.parse(source, filename=path)
    except (MemoryError, RecursionError):
        # Deeply nested expressions exhaust the parser before any syntax error shows.
        return _report(
            drill, path, "syntax_error",
            "the file is nested too deeply for Python to parse (thousands of brackets or "
            "operators in one expression?)",
        )  # fmt: skip
    except SyntaxError as exc:
        where = f"line {exc.lineno}" + (f", column {exc.offset}" if exc.offset else "")
        text = (exc.text or "").rstrip("\n")
        column = max((exc.offset or 1) - 1, 0)
        if len(text) > 100:  # show the part of a very long line around the error
            start = max(min(column - 50, len(text) - 100), 0)
            text, column = text[start : start + 100], column - start
        caret = " " * column + "^"
        detail = f"  {text}\n  {caret}" if text.strip() else None
        return _report(drill, path, "syntax_error", f"{exc.msg} ({where})", traceback=detail)

    banned = FORBIDDEN + drill.forbidden_imports
    for module, line in _imported_modules(tree):
        top = module.split(".")[0]
        if top in banned or module in banned:
            return _report(
                drill, path, "forbidden_import",
                f"line {line} imports {module}: this drill is written by hand with numpy "
                f"(not allowed here: {', '.join(sorted(set(banned)))})",
            )  # fmt: skip

    defs = {
        node.name: node
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    assigned = {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    for spec in drill.functions:
        if spec.name in defs:
            problem = _signature_problem(defs[spec.name], spec)
            if problem:
                return _report(drill, path, "missing_function", problem)
        elif spec.name not in assigned:
            close = difflib.get_close_matches(spec.name, list(defs), n=1)
            hint = f" (you defined {close[0]}: a typo?)" if close else ""
            wanted = f"{spec.name}({', '.join(spec.params)})"
            return _report(
                drill, path, "missing_function",
                f"your file defines no top-level function {wanted}{hint}",
            )  # fmt: skip
    return None
