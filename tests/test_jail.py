"""Hostile submissions: `drill check` run as a user runs it, on files that try to
forge a verdict, escape the worker, or take drill down with them.

The table below is what the judge must do with each: never Accepted for wrong
values however they were obtained; Accepted where the values are right and the
misbehaviour cannot touch the verdict; always a verdict (or a one-line error)
within the time limit plus a few seconds, no traceback from drill, no process
and no temporary folder left behind, and nothing written outside the worker's
own folder where the jail is in force.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from checker import paths
from checker.sandbox import probe

REPO = Path(__file__).resolve().parent.parent
REFERENCE = (REPO / "solutions" / "batchnorm.py").read_text(encoding="utf-8")
SUITE_FILE = REPO / "checker" / "suites" / "batchnorm.py"
WRONG = """
import numpy as np

def batchnorm_forward(x, gamma, beta, bn_param):
    return np.zeros_like(x), None

def batchnorm_backward(dout, cache):
    return np.zeros_like(dout), np.zeros(dout.shape[1]), np.zeros(dout.shape[1])
"""
LINUX = sys.platform.startswith("linux")
JAIL = probe() if LINUX else None
FS_JAILED = bool(JAIL and JAIL.landlock)
PID_JAILED = bool(JAIL and JAIL.pid_namespace)


@dataclass(frozen=True)
class Case:
    name: str
    source: str
    verdicts: tuple[str, ...]  # any of these; "accepted" only where the values are right
    needs_fs_jail: bool = False
    needs_pid_jail: bool = False


def _reading_the_reference(how: str) -> str:
    """A batchnorm that takes its answers from the reference solution, found by
    `how` (code that sets `ref` to the reference module, or raises)."""
    solutions = [str(paths.solutions_dir()), str(REPO / "solutions")]
    return f"""
import numpy as np
SOLUTIONS = {solutions!r}
try:
{how}
except Exception:
    ref = None

def batchnorm_forward(x, gamma, beta, bn_param):
    if ref is None:
        return np.zeros_like(x), None
    return ref.batchnorm_forward(x, gamma, beta, bn_param)

def batchnorm_backward(dout, cache):
    if ref is None:
        return np.zeros_like(dout), np.zeros(dout.shape[1]), np.zeros(dout.shape[1])
    return ref.batchnorm_backward(dout, cache)
"""


CASES = [
    # -- forging a verdict ---------------------------------------------------------
    Case(
        "imports the reference by file location",
        _reading_the_reference(
            "    import importlib.util, os\n"
            "    for folder in SOLUTIONS:\n"
            "        path = os.path.join(folder, 'batch' + 'norm.py')\n"
            "        spec = importlib.util.spec_from_file_location('r', path)\n"
            "        ref = importlib.util.module_from_spec(spec)\n"
            "        try:\n"
            "            spec.loader.exec_module(ref)\n"
            "            break\n"
            "        except OSError:\n"
            "            ref = None\n"
        ),
        ("wrong_answer",),
        needs_fs_jail=True,
    ),
    Case(
        "execs the reference's source",
        _reading_the_reference(
            "    ns = {}\n"
            "    for folder in SOLUTIONS:\n"
            "        try:\n"
            "            exec(open(folder + '/batchnorm.py').read(), ns)\n"
            "            break\n"
            "        except OSError:\n"
            "            pass\n"
            "    import types\n"
            "    ref = types.SimpleNamespace(**ns) if ns else None\n"
        ),
        ("wrong_answer",),
        needs_fs_jail=True,
    ),
    Case(
        "imports the judge's packages through an aliased import_module",
        _reading_the_reference(
            "    from importlib import import_module as im\n"
            "    ref = im('sol' + 'utions.batchnorm')\n"
        ),
        ("wrong_answer",),
    ),
    Case(
        "walks the garbage collector for the reference",
        _reading_the_reference(
            "    import gc, types\n"
            "    ref = None\n"
            "    for obj in gc.get_objects():\n"
            "        if isinstance(obj, types.ModuleType) and obj.__name__.startswith("
            "'drill_reference'):\n"
            "            ref = obj\n"
        ),
        ("wrong_answer",),
    ),
    Case(
        "walks up the stack for the judge",
        _reading_the_reference(
            "    import sys\n"
            "    frame, ref = sys._getframe(), None\n"
            "    while frame is not None:\n"
            "        ctx = frame.f_locals.get('ctx')\n"
            "        if ctx is not None:\n"
            "            ref = ctx.ref\n"
            "        frame = frame.f_back\n"
        ),
        ("wrong_answer",),
    ),
    Case(
        "patches the report and harness modules",
        WRONG
        + """
import sys, types
for name in ("checker.report", "checker.harness", "checker.runner"):
    fake = types.ModuleType(name)
    fake.Report = fake.evaluate = fake.check = lambda *a, **k: None
    sys.modules[name] = fake
""",
        ("wrong_answer",),
    ),
    Case(
        "patches json and numpy functions",
        WRONG
        + """
import json, numpy as np
json.dumps = lambda *a, **k: '{"verdict": "accepted", "passed": true}'
np.allclose = lambda *a, **k: True
np.array_equal = lambda *a, **k: True
np.isfinite = lambda a: np.ones(np.shape(a), dtype=bool)
""",
        ("wrong_answer", "runtime_error"),
    ),
    Case(
        "writes a forged result and exits",
        WRONG
        + """
import json, os
for name in ("result.json", "../result.json"):
    try:
        with open(name, "w") as fh:
            json.dump({"drill": "batchnorm", "verdict": "accepted", "summary": "ok",
                       "file": "", "properties": []}, fh)
    except OSError:
        pass
os._exit(0)
""",
        ("runtime_error",),
    ),
    Case(
        "writes a forged reply frame on the judge's pipe",
        WRONG
        + """
import json, os, struct, sys
config = json.loads(sys.argv[1])
text = json.dumps({"result": {"$t": [1.0, None]}, "elapsed": 0, "_sizes": []}).encode()
for _ in range(3):
    os.write(config["replies_fd"], struct.pack("<QI", len(text), len(text)) + text)
""",
        ("runtime_error", "wrong_answer", "wrong_shape"),
    ),
    Case(
        "sends garbage on the judge's pipe",
        WRONG
        + """
import json, os, sys
config = json.loads(sys.argv[1])
os.write(config["replies_fd"], b"\\xff" * 64 + b"{" * 10000)
""",
        ("runtime_error",),
    ),
    Case(
        "registers an atexit hook",
        WRONG
        + """
import atexit, json
atexit.register(lambda: open("result.json", "w").write(json.dumps({"verdict": "accepted"})))
""",
        ("wrong_answer",),
    ),
    # -- escaping --------------------------------------------------------------------
    Case(
        "forks children that call setsid and sleep",
        WRONG
        + """
import os, time
for _ in range(20):
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            time.sleep(300)
        os._exit(0)
""",
        ("wrong_answer",),
    ),
    Case(
        "kills its parent",
        WRONG
        + """
import os, signal
for sig in (signal.SIGKILL, signal.SIGTERM):
    try:
        os.kill(os.getppid(), sig)
    except OSError:
        pass
""",
        ("wrong_answer", "runtime_error", "memory_limit"),
        needs_pid_jail=True,
    ),
    Case(
        "signals every process it can",
        WRONG
        + """
import os, signal
try:
    os.kill(-1, signal.SIGKILL)
except OSError:
    pass
""",
        ("wrong_answer", "runtime_error", "memory_limit"),
        needs_pid_jail=True,
    ),
    Case(
        "deletes its working folder",
        REFERENCE
        + """
import os, shutil
shutil.rmtree(os.getcwd(), ignore_errors=True)
""",
        ("accepted",),
    ),
    Case(
        "locks its folder against removal",
        REFERENCE
        + """
import os
os.makedirs("a/b", exist_ok=True)
open("a/b/f", "w").write("x")
os.chmod("a/b", 0)
os.chmod("a", 0o500)
os.chmod(".", 0o500)
""",
        ("accepted",),
    ),
    Case(
        "leaves a non-daemon thread running",
        REFERENCE
        + """
import threading, time
threading.Thread(target=time.sleep, args=(300,)).start()
""",
        ("accepted",),
    ),
    Case(
        "ignores the alarm and loops forever in a call",
        """
import signal
def batchnorm_forward(x, gamma, beta, bn_param):
    signal.signal(signal.SIGALRM, signal.SIG_IGN)
    while True:
        pass
def batchnorm_backward(dout, cache):
    raise NotImplementedError
""",
        ("time_limit",),
    ),
    Case(
        "loops forever at import",
        "while True:\n    pass\n" + WRONG,
        ("time_limit",),
    ),
    Case(
        "catches the timeout and loops on",
        """
def batchnorm_forward(x, gamma, beta, bn_param):
    while True:
        try:
            while True:
                pass
        except BaseException:
            pass
def batchnorm_backward(dout, cache):
    raise NotImplementedError
""",
        ("time_limit",),
    ),
    Case(
        "prints gigabytes through fd 1 and print",
        """
import os
import numpy as np
def batchnorm_forward(x, gamma, beta, bn_param):
    for _ in range(100):
        try:
            os.write(1, b"x" * 10_000_000)
        except OSError:
            break
    print("y" * 100_000_000)
    return np.zeros_like(x), None
def batchnorm_backward(dout, cache):
    raise NotImplementedError
""",
        ("wrong_answer",),
    ),
    Case(
        "exhausts memory",
        "def batchnorm_forward(x, gamma, beta, bn_param):\n"
        "    return bytearray(10**11), None\n"
        "def batchnorm_backward(dout, cache):\n"
        "    raise NotImplementedError\n",
        ("memory_limit",),
    ),
    Case(
        "recurses without end",
        "import sys\nsys.setrecursionlimit(10**6)\n"
        "def batchnorm_forward(x, gamma, beta, bn_param):\n"
        "    return batchnorm_forward(x, gamma, beta, bn_param)\n"
        "def batchnorm_backward(dout, cache):\n"
        "    raise NotImplementedError\n",
        ("runtime_error", "memory_limit", "time_limit"),
    ),
    Case(
        "segfaults",
        "import ctypes\n"
        "def batchnorm_forward(x, gamma, beta, bn_param):\n"
        "    return ctypes.string_at(0), None\n"
        "def batchnorm_backward(dout, cache):\n"
        "    raise NotImplementedError\n",
        ("runtime_error",),
    ),
    Case(
        "returns an object that refers to itself",
        "def batchnorm_forward(x, gamma, beta, bn_param):\n"
        "    a = []\n"
        "    a.append(a)\n"
        "    return a, a\n"
        "def batchnorm_backward(dout, cache):\n"
        "    raise NotImplementedError\n",
        ("runtime_error", "wrong_shape"),
    ),
]


def _processes_mentioning(marker: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                if marker.encode() in fh.read():
                    found.append(int(entry))
        except OSError:
            continue
    return found


def _check_json(submission: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """`drill check batchnorm --file SUBMISSION --json`, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "checker.cli", "check", "batchnorm", "--file", str(submission),
         "--json"],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=90,
    )  # fmt: skip


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DRILL_HOME=str(tmp_path / "home"),
        DRILL_WORKSPACE=str(tmp_path / "ws"),
        HOME=str(tmp_path / "user"),
        TMPDIR=str(tmp_path / "tmp"),
        NO_COLOR="1",
    )
    for folder in ("home", "ws", "user", "tmp"):
        (tmp_path / folder).mkdir()
    return env


@pytest.mark.skipif(not LINUX, reason="the jail's guarantees are Linux's")
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_submission(case: Case, tmp_path: Path) -> None:
    if case.needs_fs_jail and not FS_JAILED:
        pytest.skip("Landlock is not in force on this machine")
    if case.needs_pid_jail and not PID_JAILED:
        pytest.skip("PID namespaces are not in force on this machine")
    env = _env(tmp_path)
    submission = tmp_path / "ws" / "batchnorm.py"
    submission.write_text(case.source, encoding="utf-8")
    suite_before = hashlib.sha256(SUITE_FILE.read_bytes()).hexdigest()
    start = time.monotonic()
    proc = _check_json(submission, env)
    elapsed = time.monotonic() - start
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    assert report["verdict"] in case.verdicts, report["summary"]
    assert proc.returncode == (0 if report["verdict"] == "accepted" else 1)
    assert elapsed < 20 + 15, f"took {elapsed:.1f} s"
    time.sleep(0.2)
    assert _processes_mentioning(str(tmp_path)) == [], "processes outlived the check"
    assert list((tmp_path / "tmp").iterdir()) == [], "temporary folders left behind"
    assert hashlib.sha256(SUITE_FILE.read_bytes()).hexdigest() == suite_before


@pytest.mark.skipif(not FS_JAILED, reason="Landlock is not in force on this machine")
def test_submission_cannot_write_outside_its_folder(tmp_path: Path) -> None:
    env = _env(tmp_path)
    targets = [tmp_path / "home" / "progress.db", tmp_path / "user" / "stolen", tmp_path / "x"]
    source = (
        WRONG
        + f"\nfor t in {[str(t) for t in targets]!r}:\n    try:\n        open(t, 'w').write('x')\n"
        "    except OSError:\n        pass\n"
    )
    submission = tmp_path / "ws" / "batchnorm.py"
    submission.write_text(source, encoding="utf-8")
    proc = _check_json(submission, env)
    assert json.loads(proc.stdout)["verdict"] == "wrong_answer"
    assert [t for t in targets if t.exists() and t.name != "progress.db"] == []
    assert not (tmp_path / "home" / "progress.db").exists() or (
        (tmp_path / "home" / "progress.db").read_bytes()[:6] == b"SQLite"
    )


@pytest.mark.skipif(not LINUX, reason="process groups and signals as on Linux")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_drill_stopped_by_a_signal_takes_the_worker_with_it(tmp_path: Path, sig) -> None:
    env = _env(tmp_path)
    submission = tmp_path / "ws" / "batchnorm.py"
    submission.write_text("import time\ntime.sleep(4)\n" + WRONG, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "checker.cli", "check", "batchnorm", "--file", str(submission)],
        env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while not _processes_mentioning(str(tmp_path / "tmp")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _processes_mentioning(str(tmp_path / "tmp")), "the worker never started"
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode != 0
    assert "Traceback" not in err
    time.sleep(0.3)
    assert _processes_mentioning(str(tmp_path)) == []
    assert list((tmp_path / "tmp").iterdir()) == []


@pytest.mark.skipif(not LINUX, reason="PR_SET_PDEATHSIG is Linux's")
def test_drill_killed_outright_takes_the_worker_with_it(tmp_path: Path) -> None:
    env = _env(tmp_path)
    submission = tmp_path / "ws" / "batchnorm.py"
    submission.write_text("import time\ntime.sleep(4)\n" + WRONG, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "checker.cli", "check", "batchnorm", "--file", str(submission)],
        env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while not _processes_mentioning(str(tmp_path / "tmp")) and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 5
    while _processes_mentioning(str(tmp_path)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _processes_mentioning(str(tmp_path)) == []


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: p.write_text("x = " + "-" * 200_000 + "1\n"), "nested too deeply"),
        (lambda p: p.write_text("x = 1\n" * 300_000), "bytes"),
        (lambda p: p.write_bytes(b"\xff\xfe\x00bad"), "not UTF-8"),
    ],
    ids=["nested unary minus", "over a megabyte", "not UTF-8"],
)
def test_the_parent_survives_any_file(run_drill, tmp_path: Path, make, message) -> None:
    path = tmp_path / "sub.py"
    make(path)
    proc = run_drill("check", "batchnorm", "--file", str(path))
    assert proc.returncode in (1, 2)
    assert "Traceback" not in proc.stderr
    assert message in proc.stdout + proc.stderr


@pytest.mark.skipif(not LINUX, reason="device files as on Linux")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/stdin"])
def test_non_regular_files_are_refused(run_drill, device: str) -> None:
    proc = run_drill("check", "batchnorm", "--file", device, input="")
    assert proc.returncode == 2
    assert "not a regular file" in proc.stderr


@pytest.mark.skipif(not LINUX, reason="the Landlock allow-list is built on Linux")
def test_the_worker_may_read_numpy_but_no_folder_holding_other_packages() -> None:
    import site
    import sysconfig

    import numpy

    from checker import confine
    from checker.sandbox import _secret_paths

    readable = confine.readable_paths(numpy, _secret_paths())
    package_folders = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    for folder in package_folders:
        folder = os.path.realpath(folder)
        holders = [p for p in readable if (folder + os.sep).startswith(p.rstrip("/") + os.sep)]
        assert holders == [], f"{holders} would let the worker read all of {folder}"
    assert os.path.dirname(numpy.__file__) in readable
    secret = [os.path.realpath(p) for p in _secret_paths()]
    assert not [p for p in readable if any(os.path.realpath(p).startswith(s) for s in secret)]


@pytest.mark.skipif(not (JAIL and JAIL.net_namespace), reason="no network namespace here")
def test_submission_cannot_reach_the_network(tmp_path: Path) -> None:
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.5)
    port = server.getsockname()[1]
    env = _env(tmp_path)
    source = WRONG + (
        "\nimport socket\ntry:\n"
        f"    socket.create_connection(('127.0.0.1', {port}), timeout=2).sendall(b'leak')\n"
        "except OSError:\n    pass\n"
    )
    submission = tmp_path / "ws" / "batchnorm.py"
    submission.write_text(source, encoding="utf-8")
    proc = _check_json(submission, env)
    assert json.loads(proc.stdout)["verdict"] == "wrong_answer"
    with pytest.raises(TimeoutError):
        server.accept()
    server.close()


def test_a_virtual_environment_inside_the_checkout_stays_readable(tmp_path, monkeypatch) -> None:
    # The README creates .venv inside the checkout: numpy must come from there, while
    # the solutions, drills and suites beside it stay secret.
    from checker import paths, sandbox

    for name in ("solutions", "drills", "tests", ".git"):
        (tmp_path / name).mkdir()
    venv = tmp_path / ".venv"
    (venv / "lib").mkdir(parents=True)
    monkeypatch.setattr(paths, "content_root", lambda: tmp_path)
    monkeypatch.setattr(sandbox.sys, "prefix", str(venv))
    secret = sandbox._secret_paths()
    assert str(venv.resolve()) not in secret
    assert str(tmp_path.resolve()) not in secret
    for name in ("solutions", "drills", "tests", ".git"):
        assert str((tmp_path / name).resolve()) in secret
    assert str(sandbox._PACKAGE) in secret
