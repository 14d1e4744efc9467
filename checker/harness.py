"""Runs a drill's hidden suite against the user's file and builds the Report.

`python -m checker.harness DRILL FILE RESULT` is what the sandbox starts in a
child process (with memory and CPU limits); `evaluate` is the same work
in-process, which the project's own tests use.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import io
import json
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis.errors import Flaky

from checker.catalogue import Drill, load_drill
from checker.report import Failure, PropertyResult, Report
from checker.suitekit import Ctx, Prop, PropertyFailed, Speed, Suite

OUTPUT_CAP = 4000  # characters of the user's printing kept for the verdict
SLOWER_THAN = 20.0  # advice when the user's code is this many times slower than the reference
SUITE_BUDGET = 10.0  # seconds; past it, remaining properties are skipped
SPEED_LIMIT = 2.0  # seconds one timed call of the user's code may take


class _CappedText(io.TextIOBase):
    """Collects what user code prints, keeping only the first OUTPUT_CAP characters."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if self.size < OUTPUT_CAP:
            self.parts.append(text[: OUTPUT_CAP - self.size])
            self.size += len(self.parts[-1])
        return len(text)

    def text(self) -> str:
        out = "".join(self.parts)
        return out + ("\n... (output cut)" if self.size >= OUTPUT_CAP else "")


@dataclass
class _Loaded:
    user: ModuleType | None
    failure: Failure | None


def _load_module(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _load_user(path: Path, ctx_for_tb: Ctx, timeout: float) -> _Loaded:
    """Import the user's file; its top-level code runs here, under a time limit."""

    def on_alarm(signum, frame):
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return _Loaded(_load_module("drill_user_solution", path), None)
    except TimeoutError:
        return _Loaded(None, Failure("time_limit", f"importing your file took over {timeout:g} s"))
    except MemoryError:
        return _Loaded(None, Failure("memory_limit", "importing your file ran out of memory"))
    except (Exception, SystemExit, KeyboardInterrupt) as exc:
        return _Loaded(
            None,
            Failure(
                "runtime_error",
                f"importing your file raised {type(exc).__name__}: {exc}"[:300],
                traceback=ctx_for_tb.user_traceback(exc),
            ),
        )
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _settings(prop: Prop, thorough: bool) -> settings:
    phases = [Phase.explicit, Phase.reuse, Phase.generate]
    if thorough:
        phases.append(Phase.shrink)
    return settings(
        max_examples=prop.max_examples if thorough else min(prop.max_examples, 8),
        deadline=None,
        database=None,
        derandomize=True,
        report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        phases=phases,
        print_blob=False,
    )


def _flaky_failure(exc: BaseException) -> PropertyFailed | None:
    for inner in getattr(exc, "exceptions", ()):
        if isinstance(inner, PropertyFailed):
            return inner
    return None


def run_property(prop: Prop, ctx: Ctx, thorough: bool) -> PropertyResult:
    """Run one property; `thorough` runs every example and shrinks a failure."""
    test = prop.run
    if prop.strategies:
        test = _settings(prop, thorough)(given(**prop.strategies)(prop.run))
    try:
        test(ctx)
    except PropertyFailed as failed:
        return _result_of(prop, failed.failure)
    except Flaky as exc:
        inner = _flaky_failure(exc)
        if inner is not None and inner.failure.kind in ("time_limit", "memory_limit"):
            return _result_of(prop, inner.failure)
        summary = (
            "your code gave different results for the same input on two runs "
            "(unseeded randomness, or state kept between calls?)"
        )
        if inner is not None:
            summary += f"; one run said: {inner.failure.summary}"
        return _result_of(prop, Failure("wrong_answer", summary, inputs=list(ctx.inputs)))
    except Exception as exc:  # the suite could not use what the user's code returned
        summary = (
            f"the checker could not use what your code returned ({type(exc).__name__}: {exc})"[:300]
        )
        return _result_of(prop, Failure("wrong_shape", summary, inputs=list(ctx.inputs)))
    return PropertyResult(prop.name, "passed")


def _result_of(prop: Prop, failure: Failure) -> PropertyResult:
    status = "not_implemented" if failure.kind == "not_implemented" else "failed"
    return PropertyResult(prop.name, status, failure.summary, failure)


def _timed(ctx: Ctx, speed: Speed, impl: ModuleType, limit: float, repeats: int) -> float | None:
    """Best time of `repeats` calls of the timed function (None past `limit`).
    Inputs are built once: only the call itself is timed."""
    import numpy as np

    call = speed.setup(impl, np.random.default_rng(0))
    best = None
    for _ in range(repeats):
        start = time.perf_counter()
        try:
            ctx._guarded(speed.function, call, (), limit)
        except PropertyFailed:
            return None
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


def _baseline_comparison(ctx: Ctx, speed: Speed, mine: float) -> str:
    import numpy as np

    call = speed.baseline(np.random.default_rng(0))
    times = []
    for _ in range(3):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    base = min(times)
    ratio = base / max(mine, 1e-9)
    relation = f"{ratio:.1f}x faster" if ratio >= 1 else f"{1 / ratio:.1f}x slower"
    return (
        f"Your {speed.function} takes {mine * 1000:.1f} ms on {speed.size}; "
        f"{speed.baseline_name} takes {base * 1000:.1f} ms, so yours is {relation}."
    )


def _speed_advice(suite: Suite, ctx: Ctx) -> list[str]:
    """Advice when the user's (correct) code is far slower than the reference.

    The reference is timed as the best of three; the user's code once, under a
    short limit, so that timing never costs a slow answer more than a few seconds.
    """
    advice: list[str] = []
    for speed in suite.speeds:
        if any(a.startswith("Correct, but") for a in advice):
            break  # one slow function is advice enough; timing more costs the user
        try:
            ref = _timed(ctx, speed, ctx.ref, 10.0, repeats=3)
            mine = _timed(ctx, speed, ctx.user, SPEED_LIMIT, repeats=1)
        except Exception:  # timing is advice only; never let it change a verdict
            continue
        if ref is None:
            continue
        if speed.baseline is not None and mine is not None:
            advice.append(_baseline_comparison(ctx, speed, mine))
        if mine is None:
            advice.append(
                f"Correct, but {speed.function} did not finish within {SPEED_LIMIT:g} s on "
                f"{speed.size}, where a vectorised version takes {ref * 1000:.1f} ms. Replace "
                "Python loops with array operations before an interviewer asks you to."
            )
        elif mine > SLOWER_THAN * ref and mine > 0.02:
            advice.append(
                f"Correct, but {speed.function} takes {mine * 1000:.0f} ms on {speed.size}, "
                f"{mine / ref:.0f}x the vectorised reference ({ref * 1000:.1f} ms). Replace "
                "Python loops with array operations (broadcasting, sums over an axis)."
            )
    return advice


def _verdict(results: list[PropertyResult]) -> tuple[str, str, Failure | None]:
    failed = [r for r in results if r.status == "failed"]
    missing = [r for r in results if r.status == "not_implemented"]
    for r in failed:
        if r.failure and r.failure.kind in ("time_limit", "memory_limit"):
            return r.failure.kind, r.failure.summary, r.failure
    if failed:
        first = failed[0]
        return first.failure.kind, f"{first.name}: {first.failure.summary}", first.failure
    skipped = [r for r in results if r.status == "skipped"]
    if skipped:
        ran = len(results) - len(skipped)
        summary = (
            f"your code is too slow for the checks: only {ran} of {len(results)} properties "
            f"finished within {SUITE_BUDGET:g} s (loops where array operations belong?)"
        )
        return "time_limit", summary, Failure("time_limit", summary)
    if missing:
        names = sorted({r.failure.summary.split(" is not")[0] for r in missing if r.failure})
        passed = sum(r.passed for r in results)
        summary = f"{' and '.join(names)} {'is' if len(names) == 1 else 'are'} not implemented yet"
        if passed:
            summary += f"; {passed} of {len(results)} properties already pass"
        return "not_implemented", summary, missing[0].failure
    return "accepted", f"all {len(results)} properties hold", None


def evaluate(
    drill: Drill, user_path: Path, call_timeout: float = 2.0, timing: bool = True
) -> Report:
    """Judge `user_path` against the drill's hidden suite, in this process."""
    started = time.perf_counter()
    ref = _load_module(f"drill_reference_{drill.id}", drill.solution_path)
    suite: Suite = importlib.import_module(drill.suite_module).suite
    mistakes = {m.name: m for m in drill.mistakes}
    captured = _CappedText()
    user_file = str(user_path)
    params = {f.name: f.params for f in drill.functions}
    ctx = Ctx(None, ref, user_file, mistakes, call_timeout, params)  # type: ignore[arg-type]
    with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
        loaded = _load_user(user_path, ctx, timeout=5.0)
        results: list[PropertyResult] = []
        advice: list[str] = []
        if loaded.failure is None:
            ctx.user = loaded.user
            thorough = True
            for prop in suite.props:
                if ctx.fatal is not None:
                    reason = "time" if ctx.fatal.kind == "time_limit" else "memory"
                    results.append(
                        PropertyResult(prop.name, "skipped", f"not run after the {reason} limit")
                    )
                    continue
                if time.perf_counter() - started > SUITE_BUDGET:
                    results.append(
                        PropertyResult(prop.name, "skipped", "not run: time budget used")
                    )
                    continue
                result = run_property(prop, ctx, thorough)
                results.append(result)
                # Only the first failure is shrunk to a smallest example; the rest
                # just say pass or fail, which keeps a wrong answer's verdict fast.
                thorough = thorough and result.status != "failed"
    if loaded.failure is not None:
        verdict, summary, failure = loaded.failure.kind, loaded.failure.summary, loaded.failure
    else:
        verdict, summary, failure = _verdict(results)
        if verdict == "accepted" and timing:
            with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
                advice = _speed_advice(suite, ctx)
    return Report(
        drill=drill.id,
        verdict=verdict,
        summary=summary,
        file=user_file,
        properties=results,
        failure=failure,
        advice=advice,
        output=captured.text(),
        seconds=time.perf_counter() - started,
    )


def _limit_resources(memory_mb: int, cpu_seconds: int) -> None:
    try:
        import resource
    except ImportError:  # not on this platform: the parent's wall clock still applies
        return
    for limit, value in (
        (resource.RLIMIT_AS, memory_mb * 1024 * 1024),
        (resource.RLIMIT_CPU, cpu_seconds),
    ):
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(limit, (value, value))


def main(argv: list[str]) -> int:
    drill_id, user_path, result_path, memory_mb, cpu_seconds = argv
    _limit_resources(int(memory_mb), int(cpu_seconds))
    report = evaluate(load_drill(drill_id), Path(user_path))
    Path(result_path).write_text(json.dumps(report.to_json()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
