"""How a check's verdict looks in the terminal."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from checker.followups import FollowUp
from checker.report import Failure, Report

_STATUS_MARK = {
    "passed": ("✓", "green"),
    "failed": ("✗", "red"),
    "not_implemented": ("·", "yellow"),
    "skipped": ("-", "dim"),
}


def _checklist(report: Report) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column()
    for prop in report.properties:
        mark, style = _STATUS_MARK[prop.status]
        note = f" ({prop.message})" if prop.status == "skipped" else ""
        table.add_row(Text(mark, style=style), Text(prop.name + note))
    return table


def _failure_detail(failure: Failure) -> Group:
    parts: list = []
    if failure.inputs:
        parts.append(Text("Smallest failing input found:", style="bold"))
        inputs = Table.grid(padding=(0, 1))
        inputs.add_column(style="cyan", no_wrap=True)
        inputs.add_column()
        for name, description in failure.inputs:
            # Text, not markup: a described array such as [nan] is not a style tag.
            inputs.add_row(Text(f"  {name}"), Text(description))
        parts.append(inputs)
    m = failure.mismatch
    if m is not None:
        rows = Table.grid(padding=(0, 1))
        rows.add_column(style="bold", no_wrap=True)
        rows.add_column()
        rows.add_row("  expected", Text(f"{m.output} = {m.expected}"))
        rows.add_row("  got", Text(f"{m.output} = {m.got}"))
        if m.max_rel_error is not None and m.tolerance is not None:
            where = f" at {m.output}{m.index}" if m.index else ""
            error = f"max relative error {m.max_rel_error:.3g}{where} (tolerance {m.tolerance:g})"
            rows.add_row("  error", Text(error))
        parts.append(rows)
    if failure.mistake is not None:
        line = Text.assemble(
            ("Recognised mistake: ", "bold magenta"), (failure.mistake.name, "magenta")
        )
        parts.append(line)
        if failure.mistake.explanation:
            parts.append(Text("  " + failure.mistake.explanation))
        if failure.mistake.cheatsheet:
            parts.append(
                Text(f"  Read: drill cheatsheet {failure.mistake.cheatsheet}", style="dim")
            )
    if failure.traceback:
        parts.append(Text(failure.traceback, style="yellow"))
    return Group(*parts)


def show_followups(console: Console, followups: list[FollowUp]) -> None:
    """What an interviewer asks once the code works, and the command that asks exactly that."""
    from checker.followups import quiz_command

    console.print(Text("An interviewer would follow up with:", style="bold"))
    for item in followups:
        console.print(Text.assemble("  • ", item.prompt))
    # One line however narrow the terminal, so that it can be copied and run as it is.
    command = Text(f"Answer them: {quiz_command(followups)}", style="dim")
    console.print(command, soft_wrap=True)


def show_report(console: Console, report: Report, next_steps: list[str] | None = None) -> None:
    ok = report.passed
    style = "green" if ok else ("yellow" if report.verdict == "not_implemented" else "red")
    title = Text.assemble(
        (("✓ " if ok else "✗ ") + report.title, f"bold {style}"), f"  {report.drill}"
    )
    body: list = [Text(report.summary)]
    if report.properties:
        body += [Text(""), _checklist(report)]
    if report.failure is not None and report.verdict != "not_implemented":
        body += [Text(""), _failure_detail(report.failure)]
    for advice in report.advice:
        body += [Text(""), Text.assemble(("Advice: ", "bold cyan"), advice)]
    console.print(Panel(Group(*body), title=title, title_align="left", border_style=style))
    if report.output.strip():
        console.print(Text("Your code printed:", style="bold"))
        console.print(Text(report.output.rstrip()), style="dim")
    for step in next_steps or []:
        console.print(Text(step, style="dim"))
