"""Runs a drill's hidden suite against the user's file and builds the Report.

This is the judge: it runs in drill's own process and never imports the user's
file. The file runs in a jailed worker (checker.sandbox, checker.worker) that
only answers calls; hypothesis, the reference solution, every comparison, the
mistake diagnosis and the verdict are computed here, from data.
"""

from __future__ import annotations

import copy
import functools
import importlib
import importlib.util
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
from hypothesis.errors import Flaky

from checker.catalogue import CatalogueError, Drill
from checker.report import Failure, PropertyResult, Report
from checker.sandbox import Pending, Worker, WorkerGone
from checker.suitekit import Ctx, Prop, PropertyFailed, Speed, Suite

OUTPUT_CAP = 4000  # characters of the user's printing kept for the verdict
SLOWER_THAN = 20.0  # advice when the user's code is this many times slower than the reference
SUITE_BUDGET = 10.0  # seconds; past it, remaining properties are skipped
SPEED_LIMIT = 2.0  # seconds one timed call of the user's code may take


@dataclass
class _Loaded:
    ok: bool
    failure: Failure | None


def _load_reference(drill: Drill) -> ModuleType:
    """The drill's reference solution, from this package (never a user's path)."""
    spec = importlib.util.spec_from_file_location(
        f"drill_reference_{drill.id}", drill.solution_path
    )
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {drill.solution_path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _load_user(worker: Worker, timeout: float) -> _Loaded:
    """Import the user's file in the worker; its top-level code runs there."""
    try:
        reply = worker.load(timeout)
    except WorkerGone as gone:
        if gone.kind == "time_limit":
            return _Loaded(
                False, Failure("time_limit", f"importing your file took over {timeout:g} s")
            )
        return _Loaded(False, Failure(gone.kind, gone.summary, traceback=gone.detail))
    raised = reply.raised
    if raised is None:
        return _Loaded(True, None)
    kind = raised["kind"]
    if kind == "timeout":
        return _Loaded(False, Failure("time_limit", f"importing your file took over {timeout:g} s"))
    if kind == "memory":
        return _Loaded(False, Failure("memory_limit", "importing your file ran out of memory"))
    summary = raised.get("message") or "importing your file raised NotImplementedError"
    return _Loaded(False, Failure("runtime_error", summary, traceback=raised.get("traceback")))


def _output(worker: Worker) -> str:
    text = "".join(worker.printed)
    return text[:OUTPUT_CAP] + ("\n... (output cut)" if len(text) > OUTPUT_CAP else "")


def _settings(prop: Prop, thorough: bool) -> settings:
    phases = [Phase.explicit, Phase.reuse, Phase.generate]
    if thorough:
        phases.append(Phase.shrink)
    return settings(
        max_examples=prop.max_examples if thorough else min(prop.max_examples, 8),
        deadline=None,
        database=None,
        derandomize=False,
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


def _recording(prop: Prop, drawn: list[dict[str, Any]]) -> Callable[..., None]:
    """prop.run, keeping a copy of every example hypothesis draws for it (before the
    call: a property may change what it was given)."""

    @functools.wraps(prop.run)
    def run(ctx: Ctx, **example: Any) -> None:
        drawn.append(copy.deepcopy(example))
        prop.run(ctx, **example)

    return run


class _Final(BaseException):
    """Carries a failure that no smaller input could change (a function not written
    yet, a missing one, a time or memory limit) straight out of hypothesis: as a
    BaseException it is not shrunk, which spent a quarter of a second per starter."""

    def __init__(self, failed: PropertyFailed) -> None:
        super().__init__(failed.failure.summary)
        self.failed = failed


def _final_failures(body: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(body)
    def run(ctx: Ctx, **example: Any) -> None:
        try:
            body(ctx, **example)
        except PropertyFailed as failed:
            kind = failed.failure.kind
            if kind in ("not_implemented", "missing_function") or failed.failure is ctx.fatal:
                raise _Final(failed) from None
            raise

    return run


def run_property(
    prop: Prop, ctx: Ctx, thorough: bool, drawn: list[dict[str, Any]] | None = None
) -> PropertyResult:
    """Run one property; `thorough` runs every example and shrinks a failure.
    `drawn`, if given, receives every example drawn, in order."""
    test = prop.run
    if prop.strategies:
        body = _final_failures(prop.run if drawn is None else _recording(prop, drawn))
        test = _settings(prop, thorough)(given(**prop.strategies)(body))
        # A fixed seed per property makes verdicts repeatable, as derandomize would,
        # without hypothesis reading and hashing the suite's source on every check.
        test = seed(zlib.crc32(prop.name.encode("utf-8")))(test)
        # With no example database the key is never used, but hypothesis computes it
        # from the test's source on every run (tokenize and ast.parse: 30 ms a check)
        # unless the test carries one. A private attribute; if it is ever renamed,
        # hypothesis computes the key again and nothing else changes.
        test._hypothesis_internal_database_key = b"drill"
    try:
        test(ctx)
    except _Final as final:
        return _result_of(prop, final.failed.failure)
    except PropertyFailed as failed:
        return _result_of(prop, failed.failure)
    except Flaky as exc:
        inner = _flaky_failure(exc)
        if inner is not None and (
            inner.failure.kind in ("time_limit", "memory_limit") or inner.failure is ctx.fatal
        ):
            return _result_of(prop, inner.failure)
        summary = (
            "your code gave different results for the same input on two runs "
            "(unseeded randomness, or state kept between calls?)"
        )
        mistake = None
        if inner is not None:
            summary += f"; one run said: {inner.failure.summary}"
            mistake = inner.failure.mistake  # a mistake one run showed is still worth naming
        failure = Failure("wrong_answer", summary, inputs=list(ctx.inputs), mistake=mistake)
        return _result_of(prop, failure)
    except Exception as exc:  # the suite could not use what the user's code returned
        summary = (
            f"the checker could not use what your code returned ({type(exc).__name__}: {exc})"[:300]
        )
        return _result_of(prop, Failure("wrong_shape", summary, inputs=list(ctx.inputs)))
    return PropertyResult(prop.name, "passed")


def _result_of(prop: Prop, failure: Failure) -> PropertyResult:
    status = "not_implemented" if failure.kind == "not_implemented" else "failed"
    return PropertyResult(prop.name, status, failure.summary, failure)


def _best_of(call, repeats: int = 3) -> float:
    """Best wall time of `repeats` calls of a zero-argument function."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def _time_reference(speed: Speed, ref: ModuleType) -> float:
    """The reference's best time; inputs are built once."""
    import numpy as np

    return _best_of(speed.setup(ref, np.random.default_rng(0)))


class _RemoteModule:
    """Stands for the user's module in a Speed setup: attribute calls go to the
    worker. Once `timing`, a call is only sent (its result stays in the worker);
    `finish` collects the worker's own timing of it, so moving data between the
    processes is never timed."""

    def __init__(self, ctx: Ctx, limit: float) -> None:
        self._ctx = ctx
        self._limit = limit
        self.timing = False
        self.pending: Pending | None = None

    def __getattr__(self, name: str):
        def call(*args):
            if not self.timing:
                return self._ctx.call(name, *args, timeout=self._limit)
            self.pending = self._ctx.worker.start_call(name, args, self._limit)
            return None

        return call

    def finish(self) -> float | None:
        if self.pending is None:
            return None
        reply = self._ctx.worker.finish_call(self.pending)
        return reply.elapsed if reply.raised is None else None


def _start_user_timing(ctx: Ctx, speed: Speed, limit: float) -> _RemoteModule | None:
    """Build the inputs (in the worker) and send the user's timed call."""
    import numpy as np

    impl = _RemoteModule(ctx, limit)
    try:
        call = speed.setup(impl, np.random.default_rng(0))
        impl.timing = True
        call()
    except (PropertyFailed, WorkerGone):
        return None
    return impl


def _time_baseline(speed: Speed) -> float | None:
    """The best time of the suite's other way to compute the same thing, if any."""
    if speed.baseline is None:
        return None
    import numpy as np

    return _best_of(speed.baseline(np.random.default_rng(0)))


def _baseline_comparison(speed: Speed, base: float, mine: float) -> str:
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
            # One after the other, never overlapping: on a busy machine two timings
            # at once slow each other down (seen: a 1.3x-slower verdict on the
            # reference itself).
            impl = _start_user_timing(ctx, speed, SPEED_LIMIT)
            if impl is None:
                continue  # building the inputs failed: nothing to time
            mine = impl.finish()
            ref = _time_reference(speed, ctx.ref)
            base = _time_baseline(speed)
        except (PropertyFailed, WorkerGone):
            break  # the worker is gone or stuck: no more timing
        except Exception:  # timing is advice only; never let it change a verdict
            continue
        if base is not None and mine is not None:
            advice.append(_baseline_comparison(speed, base, mine))
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


def _verdict(
    results: list[PropertyResult], fatal: Failure | None = None
) -> tuple[str, str, Failure | None]:
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
    if fatal is not None:
        return fatal.kind, fatal.summary, fatal
    # Accepted only when every property ran and held: a suite that ran nothing,
    # or a status this code does not know, is never a pass.
    if not results or any(r.status != "passed" for r in results):
        raise CatalogueError("the hidden suite ran no property: reinstall drill")
    return "accepted", f"all {len(results)} properties hold", None


def _context(drill: Drill, user_path: Path, worker: Worker, call_timeout: float) -> Ctx:
    ref = _load_reference(drill)
    mistakes = {m.name: m for m in drill.mistakes}
    params = {f.name: f.params for f in drill.functions}
    ctx = Ctx(worker, ref, str(user_path), mistakes, call_timeout, params)
    ctx.opaque = {f.name: f.opaque_outputs for f in drill.functions if f.opaque_outputs}
    ctx.deadline = time.monotonic() + drill.time_limit
    return ctx


# Every example each property drew, by property name: what `replay` runs again.
Examples = dict[str, list[dict[str, Any]]]


def evaluate(
    drill: Drill,
    user_path: Path,
    worker: Worker,
    call_timeout: float = 2.0,
    timing: bool = True,
    examples: Examples | None = None,
) -> Report:
    """Judge the file `worker` was started on against the drill's hidden suite.
    `examples`, if given, receives every example each property drew."""
    started = time.perf_counter()
    suite: Suite = importlib.import_module(drill.suite_module).suite
    ctx = _context(drill, user_path, worker, call_timeout)
    user_file = str(user_path)
    loaded = _load_user(worker, timeout=5.0)
    results: list[PropertyResult] = []
    advice: list[str] = []
    if loaded.ok:
        thorough = True
        for prop in suite.props:
            if ctx.fatal is not None:
                reason = {
                    "time_limit": "the time limit",
                    "memory_limit": "the memory limit",
                }.get(ctx.fatal.kind, "the process running your code ended")
                results.append(PropertyResult(prop.name, "skipped", f"not run after {reason}"))
                continue
            if time.perf_counter() - started > SUITE_BUDGET:
                results.append(PropertyResult(prop.name, "skipped", "not run: time budget used"))
                continue
            drawn = examples.setdefault(prop.name, []) if examples is not None else None
            result = run_property(prop, ctx, thorough, drawn)
            results.append(result)
            # Only the first failure is shrunk to a smallest example; the rest
            # just say pass or fail, which keeps a wrong answer's verdict fast.
            thorough = thorough and result.status != "failed"
    if loaded.failure is not None:
        verdict, summary, failure = loaded.failure.kind, loaded.failure.summary, loaded.failure
    else:
        verdict, summary, failure = _verdict(results, ctx.fatal)
        if verdict == "accepted" and timing:
            advice = _speed_advice(suite, ctx)
    return Report(
        drill=drill.id,
        verdict=verdict,
        summary=summary,
        file=user_file,
        properties=results,
        failure=failure,
        advice=advice,
        output=_output(worker),
        seconds=time.perf_counter() - started,
    )


def replay(
    drill: Drill, user_path: Path, worker: Worker, examples: Examples, call_timeout: float = 2.0
) -> Report | None:
    """Run the suite's properties on exactly the examples recorded from a passing run,
    without hypothesis; an Accepted report if every one holds, else None.

    For an answer that passes, hypothesis draws these same examples in the same order
    (each property's seed is fixed and its draws never depend on the answer's output:
    tests/test_replay.py checks it for every drill), so the verdict is the one
    `evaluate` gives, in a fraction of the time: what keeps watch mode's re-check
    fast. Anything else (a failure, a limit) returns None, and the caller runs
    `evaluate` for the shrunk smallest failing input.
    """
    started = time.perf_counter()
    suite: Suite = importlib.import_module(drill.suite_module).suite
    if any(p.strategies and p.name not in examples for p in suite.props):
        return None
    ctx = _context(drill, user_path, worker, call_timeout)
    if not _load_user(worker, timeout=5.0).ok:
        return None
    results = []
    for prop in suite.props:
        for example in examples.get(prop.name, []) if prop.strategies else [{}]:
            try:
                prop.run(ctx, **copy.deepcopy(example))
            except Exception:  # PropertyFailed, or a result the suite could not use
                return None
            if ctx.fatal is not None or time.perf_counter() - started > SUITE_BUDGET:
                return None
        results.append(PropertyResult(prop.name, "passed"))
    verdict, summary, failure = _verdict(results, ctx.fatal)
    if verdict != "accepted":
        return None
    return Report(
        drill=drill.id,
        verdict=verdict,
        summary=summary,
        file=str(user_path),
        properties=results,
        failure=failure,
        output=_output(worker),
        seconds=time.perf_counter() - started,
    )
