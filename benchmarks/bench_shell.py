"""Time to grade one typed Linux-card answer, typical and hostile.

Targets (2-core machine): a typical answer graded in <= 5 ms (median), and any
line the grader accepts to read (up to 1000 characters, any nesting) in <= 100 ms,
growing at most linearly with its length.

    python benchmarks/bench_shell.py [--runs 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from checker.quiz.shell import load_grader  # noqa: E402

ACCEPTED = ["nohup python train.py > train.log 2>&1 &", "nohup python3 train.py &> train.log &"]
TYPICAL = [
    "nohup python train.py >& train.log &",
    "python train.py > train.log 2>&1 &",
    "find . -delete -name '*.pyc'",
    "tar -xvf data.tar.gz -C /data/raw",
]


def hostile(n: int) -> dict[str, str]:
    """Lines of about n characters built to stress a parser or a grader."""
    return {
        "dash cluster": "ls -" + "a" * (n - 4),
        "nested $(": "$(" * (n // 4) + "ls" + ")" * (n // 4),
        "pipeline": "a|" * ((n - 1) // 2) + "b",
        "quoted words": "ls " + '"a" ' * ((n - 3) // 4),
        "sudo chain": "sudo " * ((n - 2) // 5) + "ls",
        "unbalanced": "echo " + "'" * (n - 5),
    }


def median_ms(grade, typed: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        grade(typed, ACCEPTED)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    grader = load_grader(REPO / "drills" / "decks" / "linux")
    grader.grade("ls", ["ls"])  # load the grammar once, as a session does
    print(f"{'answer':48} {'median ms':>10}")
    for typed in TYPICAL:
        print(f"{typed:48} {median_ms(grader.grade, typed, args.runs):10.2f}")
    print()
    print(f"{'hostile line':20} {'250 chars':>10} {'500 chars':>10} {'1000 chars':>10}")
    for name in hostile(1000):
        row = [median_ms(grader.grade, hostile(n)[name], args.runs) for n in (250, 500, 1000)]
        print(f"{name:20} " + " ".join(f"{ms:10.2f}" for ms in row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
