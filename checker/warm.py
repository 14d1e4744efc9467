"""A judge kept warm between saves, for `drill watch`.

A cold `drill check` pays for a new process, imports, a worker that starts and
jails itself, and hypothesis generating every example. Between two saves none of
that has to wait: the suite and reference stay imported, a spare worker is already
started (numpy imported, jail in force) for the next save, and the examples the
suite draws are recorded once, from the reference, and replayed without hypothesis
(checker.harness.replay). An answer the replay does not accept is judged by the
full `evaluate`, so a failure still gets its smallest failing input.
"""

from __future__ import annotations

from pathlib import Path

from checker.catalogue import Drill
from checker.harness import Examples, evaluate, replay
from checker.report import Report
from checker.sandbox import Worker


class WarmJudge:
    def __init__(self, drill: Drill, user_path: Path) -> None:
        self.drill = drill
        self.user_path = user_path.resolve()
        self.examples: Examples | None = None
        self._spare: Worker | None = None

    def _worker(self, source: str | None) -> Worker:
        return Worker(str(self.user_path), source, cpu_seconds=int(self.drill.time_limit) + 10)

    def warm_up(self) -> None:
        """Record the suite's examples from the reference and start a spare worker."""
        if self.examples is None:
            reference = self.drill.solution_path
            recorded: Examples = {}
            worker = Worker(str(reference), reference.read_text(encoding="utf-8"))
            try:
                report = evaluate(self.drill, reference, worker, timing=False, examples=recorded)
            finally:
                worker.close()
            # Only a passing run's examples are the ones every passing answer meets.
            self.examples = recorded if report.passed else {}
        if self._spare is None:
            self._spare = self._worker(None)

    def judge(self, source: str) -> Report:
        """The verdict on `source` (already read and statically checked)."""
        worker, self._spare = self._spare, None
        if worker is None:
            worker = self._worker(source)
        else:
            worker.submit(source)
        try:
            report = replay(self.drill, self.user_path, worker, self.examples or {})
        finally:
            worker.close()
        if report is None:
            # Judged again from scratch: the replay may have left state in its worker.
            worker = self._worker(source)
            try:
                report = evaluate(self.drill, self.user_path, worker, timing=False)
            finally:
                worker.close()
        self._spare = self._worker(None)  # starts now, while the verdict is read
        return report

    def close(self) -> None:
        if self._spare is not None:
            self._spare.close()
            self._spare = None
