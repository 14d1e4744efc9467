"""Median wall time of the commands a user waits on, run as a user runs them.

For every drill: `drill check` on the reference solution and on one named wrong
implementation (a full verdict each); then `drill --help` and `drill list`.
Targets (2-core machine): check <= 1.5 s, --help and list <= 0.3 s.

    python benchmarks/bench_cli.py [--runs 5] [--drill batchnorm ...] [--baseline DIR]

--baseline DIR also times the checkout in DIR (say, `git worktree add DIR REV`)
on the same files, alternating run by run, so that before and after are
measured in one run under the same load.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from checker.catalogue import drill_ids  # noqa: E402

CHECK_TARGET, QUICK_TARGET = 1.5, 0.3


def _seconds(cmd: list[str], env: dict[str, str], cwd: Path | None, expect: int) -> float:
    """Wall time of one command; a command that does not end with `expect` (a broken
    install, a crash) stops the benchmark instead of being timed as if it worked."""
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode != expect:
        last = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
        sys.exit(f"{' '.join(cmd)} exited {done.returncode}, not {expect}: {last[0]}")
    return elapsed


def _medians(
    args: list[str], env: dict[str, str], runs: int, baseline: Path | None, expect: int = 0
) -> tuple[float, float]:
    """Median wall time of `drill ARGS` here and, if given, in the baseline checkout
    (run as `python -m checker.cli` from it, so its own code is imported)."""
    mine, theirs = [], []
    for _ in range(runs):
        mine.append(_seconds([*_drill_command(), *args], env, None, expect))
        if baseline is not None:
            theirs.append(
                _seconds([sys.executable, "-m", "checker.cli", *args], env, baseline, expect)
            )
    return statistics.median(mine), statistics.median(theirs) if theirs else float("nan")


def _drill_command() -> list[str]:
    exe = shutil.which("drill")
    return [exe] if exe else [sys.executable, "-m", "checker.cli"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--drill", action="extend", nargs="+", help="only these drills")
    parser.add_argument("--baseline", type=Path, help="a checkout of the version to compare with")
    args = parser.parse_args()
    base = args.baseline.resolve() if args.baseline else None
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, DRILL_HOME=tmp, DRILL_WORKSPACE=tmp, NO_COLOR="1")
        rows: list[tuple[str, float, float]] = []
        for drill_id in args.drill or drill_ids():
            reference = REPO / "solutions" / f"{drill_id}.py"
            wrong = sorted((REPO / "tests" / "drills" / drill_id / "wrong").glob("*.py"))
            ref_t, ref_b = _medians(
                ["check", drill_id, "--file", str(reference)], env, args.runs, base
            )
            wrong_t, wrong_b = (
                _medians(["check", drill_id, "--file", str(wrong[0])], env, args.runs, base, 1)
                if wrong
                else (float("nan"), float("nan"))
            )
            rows.append((drill_id, ref_t, wrong_t))
            line = (
                f"{drill_id:<20} reference {ref_t:6.2f} s   "
                f"wrong ({wrong[0].stem if wrong else '-'}) {wrong_t:6.2f} s"
            )
            if base is not None:
                line += f"   | baseline: reference {ref_b:6.2f} s, wrong {wrong_b:6.2f} s"
            print(line, flush=True)
        help_t, _ = _medians(["--help"], env, args.runs, None)
        list_t, _ = _medians(["list"], env, args.runs, None)
    worst_check = max(max(r, w) for _, r, w in rows)
    median_check = statistics.median([r for _, r, _ in rows])
    print()
    print(f"drill --help         {help_t:6.3f} s   (target <= {QUICK_TARGET} s)")
    print(f"drill list           {list_t:6.3f} s   (target <= {QUICK_TARGET} s)")
    print(f"median reference check {median_check:5.2f} s")
    print(f"slowest check median {worst_check:6.2f} s   (target <= {CHECK_TARGET} s)")
    ok = worst_check <= CHECK_TARGET and help_t <= QUICK_TARGET and list_t <= QUICK_TARGET
    print("all targets met" if ok else "SOME TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
