"""Shared fixtures: an isolated workspace and state folder for CLI tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def drill_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["DRILL_HOME"] = str(tmp_path / "home")
    env["DRILL_WORKSPACE"] = str(tmp_path / "ws")
    env["NO_COLOR"] = "1"
    env["COLUMNS"] = "100"
    env.pop("FORCE_COLOR", None)
    return env


@pytest.fixture
def run_drill(drill_env):
    """Run `drill ARGS...` the way a user does, in a subprocess."""

    def run(
        *args: str, input: str | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "checker.cli", *args],
            env=drill_env,
            cwd=REPO,
            input=input,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run


def at_terminal(env: dict[str, str], args: list[str]) -> tuple[subprocess.Popen, int]:
    """Start `drill ARGS` with a pseudo-terminal as stdin, stdout and stderr; returns
    the process and the terminal's controlling end (write to type, read to see)."""
    import pty

    main, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "checker.cli", *args],
        env=env,
        cwd=REPO,
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
    )
    os.close(secondary)
    return process, main


def read_to_end(fd: int) -> bytes:
    """Everything the terminal shows until the program closes it; closes `fd`."""
    output = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the terminal closed: the program exited
            break
        if not chunk:
            break
        output += chunk
    os.close(fd)
    return output
